#include "pfs/pfs_format.h"

#include <algorithm>
#include <cstring>

#include "pfs/crc32c.h"

namespace pegasus::pfs {

namespace {

// CRC of buf with the four bytes at crc_at counted as zero.
uint32_t CrcSkipping(std::span<const uint8_t> buf, size_t crc_at) {
  static const uint8_t kZero[4] = {};
  uint32_t c = Crc32cExtend(0, buf.subspan(0, crc_at));
  c = Crc32cExtend(c, kZero);
  return Crc32cExtend(c, buf.subspan(crc_at + 4));
}

void PutPos(uint8_t* p, const LogPosition& pos) {
  Put32(p, pos.segment);
  Put32(p + 4, pos.row);
  Put32(p + 8, pos.next_segment);
  Put32(p + 12, 0);
  Put64(p + 16, pos.seq);
}
LogPosition GetPos(const uint8_t* p) {
  return LogPosition{Get32(p), Get32(p + 4), Get32(p + 8), Get64(p + 16)};
}
// The 20-byte form inside a summary: segment, row, next segment, sequence number.
void PutPosCompact(uint8_t* p, const LogPosition& pos) {
  Put32(p, pos.segment);
  Put32(p + 4, pos.row);
  Put32(p + 8, pos.next_segment);
  Put64(p + 12, pos.seq);
}
LogPosition GetPosCompact(const uint8_t* p) {
  return LogPosition{Get32(p), Get32(p + 4), Get32(p + 8), Get64(p + 12)};
}

constexpr size_t kLabelCrcAt = 40;
constexpr size_t kSummaryCrcAt = 56;
constexpr size_t kPnodeCrcAt = 180;
constexpr size_t kCkptHeader = 128;
constexpr size_t kCkptCrcAt = 92;

}  // namespace

void EncodeLabel(const DiskLabel& l, std::span<uint8_t, kLabelSize> out) {
  std::fill(out.begin(), out.end(), 0);
  uint8_t* p = out.data();
  Put32(p, kLabelMagic);
  Put32(p + 4, kFormatVersion);
  Put64(p + 8, l.fs_id);
  Put32(p + 16, l.disk_index);
  Put32(p + 20, l.disks);
  Put32(p + 24, l.segment_size);
  Put32(p + 28, l.segments);
  Put32(p + 32, l.ckpt_segs);
  Put32(p + 36, l.max_pnodes);
  Put32(p + kLabelCrcAt, CrcSkipping(out, kLabelCrcAt));
}

Result<DiskLabel> DecodeLabel(std::span<const uint8_t, kLabelSize> in, const std::string& where) {
  const uint8_t* p = in.data();
  if (Get32(p) != kLabelMagic) return Status::Corruption(where + ": no PFS disk label (bad magic)");
  if (Get32(p + kLabelCrcAt) != CrcSkipping(in, kLabelCrcAt)) {
    return Status::Corruption(where + ": disk label checksum mismatch");
  }
  if (Get32(p + 4) != kFormatVersion) {
    return Status::Corruption(where + ": disk label has format version " + std::to_string(Get32(p + 4)));
  }
  DiskLabel l;
  l.fs_id = Get64(p + 8);
  l.disk_index = Get32(p + 16);
  l.disks = Get32(p + 20);
  l.segment_size = Get32(p + 24);
  l.segments = Get32(p + 28);
  l.ckpt_segs = Get32(p + 32);
  l.max_pnodes = Get32(p + 36);
  return l;
}

void EncodeSummary(const Summary& s, std::span<uint8_t, kBlockSize> out) {
  std::fill(out.begin(), out.end(), 0);
  uint8_t* p = out.data();
  Put32(p, kSummaryMagic);
  Put16(p + 4, kFormatVersion);
  Put16(p + 6, s.flags);
  Put64(p + 8, s.seq);
  Put32(p + 16, s.segment);
  Put32(p + 20, s.row);
  Put32(p + 24, static_cast<uint32_t>(s.entries.size()));
  Put32(p + 28, s.next_segment);
  Put32(p + 32, s.data_crc);
  PutPosCompact(p + 36, s.cm);
  Put32(p + 60, s.fs_tag);
  for (size_t i = 0; i < s.entries.size(); ++i) {
    uint8_t* e = p + kSummaryHeaderSize + i * kSummaryEntrySize;
    e[0] = static_cast<uint8_t>(s.entries[i].kind);
    Put32(e + 4, s.entries[i].ino);
    Put64(e + 8, s.entries[i].index);
  }
  Put32(p + kSummaryCrcAt, CrcSkipping(out, kSummaryCrcAt));
}

Result<std::optional<Summary>> DecodeSummary(std::span<const uint8_t, kBlockSize> in, const std::string& where) {
  const uint8_t* p = in.data();
  if (Get32(p) != kSummaryMagic) return std::optional<Summary>();
  if (Get32(p + kSummaryCrcAt) != CrcSkipping(in, kSummaryCrcAt)) {
    return Status::Corruption(where + ": segment summary checksum mismatch");
  }
  Summary s;
  s.flags = Get16(p + 6);
  s.seq = Get64(p + 8);
  s.segment = Get32(p + 16);
  s.row = Get32(p + 20);
  uint32_t n = Get32(p + 24);
  if (n > kMaxUnitBlocks) {
    return Status::Corruption(where + ": segment summary lists " + std::to_string(n) + " blocks (at most " +
                              std::to_string(kMaxUnitBlocks) + ")");
  }
  s.next_segment = Get32(p + 28);
  s.data_crc = Get32(p + 32);
  s.cm = GetPosCompact(p + 36);
  s.fs_tag = Get32(p + 60);
  s.entries.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    const uint8_t* e = p + kSummaryHeaderSize + i * kSummaryEntrySize;
    s.entries[i] = SummaryEntry{static_cast<BlockKind>(e[0]), Get32(e + 4), Get64(e + 8)};
  }
  return std::optional<Summary>(std::move(s));
}

void EncodePnode(const PnodeRecord& r, std::span<uint8_t, kPnodeSize> out) {
  std::fill(out.begin(), out.end(), 0);
  uint8_t* p = out.data();
  Put32(p, kPnodeMagic);
  Put32(p + 4, r.ino);
  p[8] = static_cast<uint8_t>(r.type);
  p[9] = r.flags;
  Put32(p + 12, r.nlink);
  Put64(p + 16, r.size);
  Put64(p + 24, r.mtime);
  for (uint32_t i = 0; i < kDirect; ++i) Put64(p + 32 + 8 * i, r.direct[i]);
  Put64(p + 160, r.single);
  Put64(p + 168, r.dbl);
  Put32(p + kPnodeCrcAt, CrcSkipping(out, kPnodeCrcAt));
}

Result<std::optional<PnodeRecord>> DecodePnode(std::span<const uint8_t, kPnodeSize> in, const std::string& where) {
  const uint8_t* p = in.data();
  if (Get32(p) != kPnodeMagic) return std::optional<PnodeRecord>();
  if (Get32(p + kPnodeCrcAt) != CrcSkipping(in, kPnodeCrcAt)) {
    return Status::Corruption(where + ": pnode checksum mismatch");
  }
  PnodeRecord r;
  r.ino = Get32(p + 4);
  r.type = static_cast<PnodeType>(p[8]);
  r.flags = p[9];
  r.nlink = Get32(p + 12);
  r.size = Get64(p + 16);
  r.mtime = Get64(p + 24);
  for (uint32_t i = 0; i < kDirect; ++i) r.direct[i] = Get64(p + 32 + 8 * i);
  r.single = Get64(p + 160);
  r.dbl = Get64(p + 168);
  if (r.type > PnodeType::kGarbage) {
    return Status::Corruption(where + ": pnode " + std::to_string(r.ino) + " has unknown type " +
                              std::to_string(p[8]));
  }
  return std::optional<PnodeRecord>(r);
}

void EncodeGarbage(const GarbageEntry& g, uint8_t* out) {
  Put32(out, g.segment);
  Put32(out + 4, g.offset);
  Put32(out + 8, g.length);
  Put32(out + 12, 0);
}

GarbageEntry DecodeGarbage(const uint8_t* in) { return GarbageEntry{Get32(in), Get32(in + 4), Get32(in + 8)}; }

uint64_t CheckpointBound(uint32_t max_pnodes, uint32_t segments) {
  return kCkptHeader + uint64_t{max_pnodes} * 8 + (segments + 7) / 8 + uint64_t{kMaxPendingGarbage} * kGarbageEntrySize;
}

std::vector<uint8_t> EncodeCheckpoint(const Checkpoint& c) {
  size_t bitmap = c.segment_used.size();
  size_t len = kCkptHeader + c.pnode_map.size() * 8 + bitmap + c.pending_garbage.size() * kGarbageEntrySize;
  std::vector<uint8_t> out(len, 0);
  uint8_t* p = out.data();
  Put32(p, kCheckpointMagic);
  Put32(p + 4, kFormatVersion);
  Put64(p + 8, c.seq);
  Put64(p + 16, c.fs_id);
  Put64(p + 24, len);
  PutPos(p + 32, c.log);
  PutPos(p + 56, c.cm);
  Put32(p + 80, static_cast<uint32_t>(c.pnode_map.size()));
  Put32(p + 84, static_cast<uint32_t>(bitmap));
  Put32(p + 88, static_cast<uint32_t>(c.pending_garbage.size()));
  uint8_t* q = p + kCkptHeader;
  for (uint64_t a : c.pnode_map) {
    Put64(q, a);
    q += 8;
  }
  std::memcpy(q, c.segment_used.data(), bitmap);
  q += bitmap;
  for (const GarbageEntry& g : c.pending_garbage) {
    EncodeGarbage(g, q);
    q += kGarbageEntrySize;
  }
  Put32(p + kCkptCrcAt, CrcSkipping(out, kCkptCrcAt));
  return out;
}

Result<Checkpoint> DecodeCheckpoint(std::span<const uint8_t> in, const std::string& where) {
  if (in.size() < kCkptHeader) return Status::Corruption(where + ": checkpoint region too small");
  const uint8_t* p = in.data();
  if (Get32(p) != kCheckpointMagic) return Status::Corruption(where + ": no checkpoint (bad magic)");
  uint64_t len = Get64(p + 24);
  if (len < kCkptHeader || len > in.size()) {
    return Status::Corruption(where + ": checkpoint length " + std::to_string(len) + " does not fit its region");
  }
  if (Get32(p + kCkptCrcAt) != CrcSkipping(in.subspan(0, len), kCkptCrcAt)) {
    return Status::Corruption(where + ": checkpoint checksum mismatch");
  }
  Checkpoint c;
  c.seq = Get64(p + 8);
  c.fs_id = Get64(p + 16);
  c.log = GetPos(p + 32);
  c.cm = GetPos(p + 56);
  uint64_t n = Get32(p + 80), bitmap = Get32(p + 84), pending = Get32(p + 88);
  if (kCkptHeader + n * 8 + bitmap + pending * kGarbageEntrySize != len) {
    return Status::Corruption(where + ": checkpoint section sizes disagree with its length");
  }
  const uint8_t* q = p + kCkptHeader;
  c.pnode_map.resize(n);
  for (uint64_t i = 0; i < n; ++i, q += 8) c.pnode_map[i] = Get64(q);
  c.segment_used.assign(q, q + bitmap);
  q += bitmap;
  for (uint64_t i = 0; i < pending; ++i, q += kGarbageEntrySize) c.pending_garbage.push_back(DecodeGarbage(q));
  return c;
}

}  // namespace pegasus::pfs
