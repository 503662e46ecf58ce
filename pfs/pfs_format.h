// The PFS on-disk format: constants and the records that the log, the checkpoints and the
// disk labels are made of. doc/pfs_format.md gives the grammar; pfs_format.cc is the one
// codec. All integers are little-endian. Every metadata record carries a CRC-32C.
//
// Geometry. D data disks plus one parity disk (D = 4 by default). Each disk begins with a
// 4 KB label; after it the disk is cut into chunks of segment_size / D bytes, chunk s of
// every disk belonging to segment s. Inside a segment, 4 KB block b lives on data disk
// b mod D in row b / D; the parity disk holds the XOR of each row. Segments
// [0, ckpt_segs) hold checkpoint A, [ckpt_segs, 2 ckpt_segs) checkpoint B, the rest the log.
//
// Block address: segment * blocks_per_segment + block (0 is never a log block).
// Pnode address: block address * 16 + slot (16 pnodes of 256 bytes per block).
#ifndef PEGASUS_PFS_PFS_FORMAT_H_
#define PEGASUS_PFS_PFS_FORMAT_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "host/common/status.h"

namespace pegasus::pfs {

inline constexpr uint32_t kBlockSize = 4096;
inline constexpr uint32_t kFormatVersion = 1;
inline constexpr uint32_t kLabelSize = kBlockSize;  // at offset 0 of every disk
inline constexpr uint32_t kLabelMagic = 0x4C534650;       // "PFSL"
inline constexpr uint32_t kSummaryMagic = 0x55534650;     // "PFSU"
inline constexpr uint32_t kPnodeMagic = 0x4E534650;       // "PFSN"
inline constexpr uint32_t kCheckpointMagic = 0x43534650;  // "PFSC"

// Summary: a 64-byte header then 16-byte entries, one per payload block of the unit.
inline constexpr uint32_t kSummaryHeaderSize = 64;
inline constexpr uint32_t kSummaryEntrySize = 16;
inline constexpr uint32_t kMaxUnitBlocks = (kBlockSize - kSummaryHeaderSize) / kSummaryEntrySize;  // 252
inline constexpr uint16_t kUnitFlagCm = 1;  // unit of the continuous-media log

// Pnodes.
inline constexpr uint32_t kPnodeSize = 256;
inline constexpr uint32_t kPnodesPerBlock = kBlockSize / kPnodeSize;  // 16
inline constexpr uint32_t kDirect = 16;
inline constexpr uint32_t kPtrsPerBlock = kBlockSize / 8;  // 512
inline constexpr uint32_t kMaxL1 = 1 + kPtrsPerBlock;      // single indirect + under the double
inline constexpr uint64_t kMaxFileBlocks = kDirect + uint64_t{kMaxL1} * kPtrsPerBlock;
inline constexpr uint8_t kPnodeFlagCm = 1;  // continuous-media file
inline constexpr uint32_t kGarbageIno = 1;  // the garbage file
inline constexpr uint32_t kRootIno = 2;     // the root directory
inline constexpr uint32_t kGarbageEntrySize = 16;
inline constexpr uint32_t kMaxNameLength = 255;

enum class BlockKind : uint8_t {
  kData = 1,            // index = file block number
  kIndirect = 2,        // index = L1 number (0 single indirect, 1.. under the double)
  kDoubleIndirect = 3,  // index = 0
  kPnode = 4,           // index = number of pnode slots used
};

enum class PnodeType : uint8_t { kFree = 0, kFile = 1, kDir = 2, kGarbage = 3 };

struct DiskLabel {
  uint64_t fs_id = 0;
  uint32_t disk_index = 0;
  uint32_t disks = 0;  // data disks + 1
  uint32_t segment_size = 0;
  uint32_t segments = 0;
  uint32_t ckpt_segs = 0;
  uint32_t max_pnodes = 0;
};
void EncodeLabel(const DiskLabel& l, std::span<uint8_t, kLabelSize> out);
Result<DiskLabel> DecodeLabel(std::span<const uint8_t, kLabelSize> in, const std::string& where);

// Where a log continues: the next unit goes at (segment, row) with this sequence number;
// next_segment is already reserved for when the segment fills.
struct LogPosition {
  uint32_t segment = 0;
  uint32_t row = 0;
  uint32_t next_segment = 0;
  uint64_t seq = 1;
};

struct SummaryEntry {
  BlockKind kind = BlockKind::kData;
  uint32_t ino = 0;
  uint64_t index = 0;
};
struct Summary {
  uint16_t flags = 0;
  uint64_t seq = 0;
  uint32_t segment = 0;
  uint32_t row = 0;
  uint32_t next_segment = 0;
  uint32_t data_crc = 0;  // CRC-32C of the payload blocks in order
  LogPosition cm;         // the continuous-media log's position when this unit was written
  uint32_t fs_tag = 0;    // low 32 bits of the file system id
  std::vector<SummaryEntry> entries;
};
void EncodeSummary(const Summary& s, std::span<uint8_t, kBlockSize> out);
// Empty optional: not a summary at all (wrong magic); error: a summary that fails its CRC.
Result<std::optional<Summary>> DecodeSummary(std::span<const uint8_t, kBlockSize> in, const std::string& where);

struct PnodeRecord {
  uint32_t ino = 0;
  PnodeType type = PnodeType::kFree;
  uint8_t flags = 0;
  uint32_t nlink = 0;
  uint64_t size = 0;
  uint64_t mtime = 0;
  uint64_t direct[kDirect] = {};
  uint64_t single = 0;  // L1 block 0
  uint64_t dbl = 0;     // the double-indirect block: addresses of L1 blocks 1..512
};
void EncodePnode(const PnodeRecord& p, std::span<uint8_t, kPnodeSize> out);
// Empty optional: slot never written (all zeros or no magic).
Result<std::optional<PnodeRecord>> DecodePnode(std::span<const uint8_t, kPnodeSize> in, const std::string& where);

struct GarbageEntry {
  uint32_t segment = 0;
  uint32_t offset = 0;  // bytes from the start of the segment
  uint32_t length = 0;
};
void EncodeGarbage(const GarbageEntry& g, uint8_t* out);
GarbageEntry DecodeGarbage(const uint8_t* in);

struct Checkpoint {
  uint64_t seq = 0;  // checkpoint number; the valid one with the higher number wins
  uint64_t fs_id = 0;
  LogPosition log;
  LogPosition cm;
  std::vector<uint64_t> pnode_map;    // ino -> pnode address, 0 = free
  std::vector<uint8_t> segment_used;  // bitmap, bit s = segment s holds live data or a log head
  std::vector<GarbageEntry> pending_garbage;  // holes not yet in the garbage file
};
std::vector<uint8_t> EncodeCheckpoint(const Checkpoint& c);
Result<Checkpoint> DecodeCheckpoint(std::span<const uint8_t> in, const std::string& where);
// Upper bound on the encoded size, for sizing the checkpoint regions at mkfs.
uint64_t CheckpointBound(uint32_t max_pnodes, uint32_t segments);
inline constexpr uint32_t kMaxPendingGarbage = 4096;

// Little-endian helpers.
inline void Put16(uint8_t* p, uint16_t v) { for (int i = 0; i < 2; ++i) p[i] = uint8_t(v >> (8 * i)); }
inline void Put32(uint8_t* p, uint32_t v) { for (int i = 0; i < 4; ++i) p[i] = uint8_t(v >> (8 * i)); }
inline void Put64(uint8_t* p, uint64_t v) { for (int i = 0; i < 8; ++i) p[i] = uint8_t(v >> (8 * i)); }
inline uint16_t Get16(const uint8_t* p) { return uint16_t(p[0] | p[1] << 8); }
inline uint32_t Get32(const uint8_t* p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = v << 8 | p[i];
  return v;
}
inline uint64_t Get64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = v << 8 | p[i];
  return v;
}

}  // namespace pegasus::pfs

#endif  // PEGASUS_PFS_PFS_FORMAT_H_
