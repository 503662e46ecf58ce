// The C++ API: files, directories, persistence across mounts, large and
// continuous-media files.
#include "pfs/include/pfs/file_system.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "tests/host/pfs/pfs_test_util.h"

namespace pegasus::pfs {
namespace {

using testing::Bytes;
using testing::MemArray;
using testing::Tree;

class FileSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(FileSystem::Mkfs(array_.ptrs(), testing::SmallMkfs()).ok());
    Remount(false);
  }
  void Remount(bool unmount = true) {
    if (fs_ && unmount) {
      ASSERT_TRUE(fs_->Unmount().ok());
    }
    fs_.reset();
    Result<std::unique_ptr<FileSystem>> m = FileSystem::Mount(array_.ptrs(), testing::SmallMount());
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    fs_ = std::move(*m);
  }
  std::string ReadAll(uint32_t ino) {
    std::string out(8 << 20, '\0');
    Result<uint64_t> n = fs_->Read(ino, 0, std::span<uint8_t>(reinterpret_cast<uint8_t*>(out.data()), out.size()));
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    out.resize(n.ok() ? *n : 0);
    return out;
  }
  MemArray array_{5, 8 << 20};
  std::unique_ptr<FileSystem> fs_;
};

// Whole blocks go straight into the log's open unit: they read back from there before the
// unit is written, a rewrite while they are still there changes them in place (so the
// unit's CRC and parity are worked out again), and everything survives a remount with
// scrub and fsck clean.
TEST_F(FileSystemTest, WholeBlocksInTheOpenUnitReadBackAndAreRewrittenInPlace) {
  MountOptions big = testing::SmallMount();
  big.dirty_limit = 4 << 20;  // no flush in between: the blocks stay in the open unit
  fs_.reset();
  Result<std::unique_ptr<FileSystem>> m = FileSystem::Mount(array_.ptrs(), big);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  fs_ = std::move(*m);
  Result<uint32_t> ino = fs_->Create("/blocks");
  ASSERT_TRUE(ino.ok());
  std::mt19937 rng(7);
  std::string model(5 * 4096, '\0');
  for (char& c : model) c = static_cast<char>(rng());
  ASSERT_TRUE(fs_->Write(*ino, 0, Bytes(model)).ok());
  EXPECT_EQ(ReadAll(*ino), model);
  Result<std::vector<uint64_t>> before = fs_->BlockAddresses(*ino);
  ASSERT_TRUE(before.ok());
  const std::string part(1000, 'p'), whole(4096, 'w');
  ASSERT_TRUE(fs_->Write(*ino, 2 * 4096 + 100, Bytes(part)).ok());
  ASSERT_TRUE(fs_->Write(*ino, 3 * 4096, Bytes(whole)).ok());
  model.replace(2 * 4096 + 100, part.size(), part);
  model.replace(3 * 4096, whole.size(), whole);
  EXPECT_EQ(ReadAll(*ino), model);
  Result<std::vector<uint64_t>> after = fs_->BlockAddresses(*ino);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*after, *before) << "a block still in the open unit moved instead of being rewritten in place";
  std::string more(40 * 4096, '\0');  // fills and writes several units
  for (char& c : more) c = static_cast<char>(rng());
  ASSERT_TRUE(fs_->Write(*ino, model.size(), Bytes(more)).ok());
  model += more;
  EXPECT_EQ(ReadAll(*ino), model);
  ASSERT_TRUE(fs_->Fsync(*ino).ok());
  Result<ScrubReport> scrub = fs_->Scrub();
  ASSERT_TRUE(scrub.ok()) << scrub.status().ToString();
  EXPECT_TRUE(scrub->problems.empty()) << scrub->problems.front();
  Remount();
  EXPECT_EQ(ReadAll(*ino), model);
  Result<FsckReport> fsck = fs_->Fsck();
  ASSERT_TRUE(fsck.ok());
  EXPECT_TRUE(fsck->clean()) << fsck->problems.front();
}

TEST_F(FileSystemTest, CreateWriteReadAcrossRemounts) {
  Result<uint32_t> ino = fs_->Create("/hello");
  ASSERT_TRUE(ino.ok()) << ino.status().ToString();
  ASSERT_TRUE(fs_->Write(*ino, 0, Bytes("hello, world")).ok());
  ASSERT_TRUE(fs_->Write(*ino, 7, Bytes("pegasus")).ok());
  EXPECT_EQ(ReadAll(*ino), "hello, pegasus");
  Remount();
  Result<uint32_t> again = fs_->Open("/hello");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(ReadAll(*again), "hello, pegasus");
  Result<StatInfo> st = fs_->Stat("/hello");
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->size, 14u);
  EXPECT_FALSE(st->is_dir);
  EXPECT_EQ(fs_->Create("/hello").status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(fs_->Open("/nope").status().code(), Status::Code::kNotFound);
}

TEST_F(FileSystemTest, DirectoriesRenameUnlinkReaddir) {
  ASSERT_TRUE(fs_->Mkdir("/a").ok());
  ASSERT_TRUE(fs_->Mkdir("/a/b").ok());
  ASSERT_TRUE(fs_->Create("/a/b/f").ok());
  ASSERT_TRUE(fs_->Create("/g").ok());
  ASSERT_TRUE(fs_->Rename("/g", "/a/g2").ok());
  ASSERT_TRUE(fs_->Rename("/a/b", "/c").ok());
  EXPECT_FALSE(fs_->Rename("/c", "/c/d").ok());  // into itself
  EXPECT_FALSE(fs_->Unlink("/c").ok());          // not empty
  Remount();
  Tree t;
  ASSERT_TRUE(testing::ReadTree(*fs_, "/", t).ok());
  EXPECT_EQ(t, (Tree{{"/a/", ""}, {"/a/g2", ""}, {"/c/", ""}, {"/c/f", ""}}));
  ASSERT_TRUE(fs_->Unlink("/c/f").ok());
  ASSERT_TRUE(fs_->Unlink("/c").ok());
  EXPECT_EQ(fs_->Stat("/c").status().code(), Status::Code::kNotFound);
  // Rename over an existing file replaces it.
  Result<uint32_t> x = fs_->Create("/x");
  ASSERT_TRUE(fs_->Write(*x, 0, Bytes("xx")).ok());
  ASSERT_TRUE(fs_->Rename("/x", "/a/g2").ok());
  Result<uint32_t> g2 = fs_->Open("/a/g2");
  EXPECT_EQ(ReadAll(*g2), "xx");
  Result<FsckReport> r = fs_->Fsck();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->clean()) << r->problems.front();
  EXPECT_EQ(r->directories, 2u);
}

TEST_F(FileSystemTest, TruncateHolesAndLargeFilesThroughDoubleIndirectBlocks) {
  Result<uint32_t> ino = fs_->Create("/big");
  std::mt19937_64 rng(testing::Seed(5));
  // Past direct + single-indirect (16 + 512 blocks = 2.1 MB): uses the double indirect.
  const uint64_t size = 3 * 1024 * 1024 + 123;
  std::string data(size, '\0');
  for (auto& c : data) c = static_cast<char>(rng());
  for (uint64_t off = 0; off < size; off += 100000) {
    ASSERT_TRUE(fs_->Write(*ino, off, Bytes(data.substr(off, 100000))).ok());
  }
  Remount();
  EXPECT_EQ(ReadAll(*ino), data);
  ASSERT_TRUE(fs_->Truncate(*ino, 2 * 1024 * 1024 + 5000).ok());
  data.resize(2 * 1024 * 1024 + 5000);
  ASSERT_TRUE(fs_->Truncate(*ino, 2 * 1024 * 1024 + 9000).ok());
  data.resize(2 * 1024 * 1024 + 9000, '\0');
  Remount();
  EXPECT_EQ(ReadAll(*ino), data);
  // A hole far out, then truncate back to a few bytes.
  ASSERT_TRUE(fs_->Write(*ino, 5000000, Bytes("end")).ok());
  data.resize(5000000, '\0');
  data += "end";
  EXPECT_EQ(ReadAll(*ino), data);
  ASSERT_TRUE(fs_->Truncate(*ino, 10).ok());
  Remount();
  EXPECT_EQ(ReadAll(*ino), data.substr(0, 10));
  Result<FsckReport> r = fs_->Fsck();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->clean()) << r->problems.front();
}

TEST_F(FileSystemTest, ContinuousMediaGoesToItsOwnContiguousSegments) {
  Result<uint32_t> cm = fs_->Create("/movie", true);
  Result<uint32_t> ord = fs_->Create("/notes");
  ASSERT_TRUE(cm.ok() && ord.ok());
  std::string frames(600 * 1024, '\0');
  for (size_t i = 0; i < frames.size(); ++i) frames[i] = static_cast<char>(i * 13);
  for (size_t off = 0; off < frames.size(); off += 48 * 1024) {
    ASSERT_TRUE(fs_->Write(*cm, off, Bytes(frames.substr(off, 48 * 1024))).ok());
    ASSERT_TRUE(fs_->Write(*ord, off / 10, Bytes("note")).ok());
  }
  ASSERT_TRUE(fs_->Fsync(*cm).ok());
  Remount();
  EXPECT_EQ(ReadAll(*cm), frames);
  Result<StatInfo> st = fs_->Stat("/movie");
  EXPECT_TRUE(st->continuous_media);
  auto cm_map = fs_->BlockAddresses(*cm);
  auto ord_map = fs_->BlockAddresses(*ord);
  ASSERT_TRUE(cm_map.ok() && ord_map.ok());
  const uint32_t bps = fs_->blocks_per_segment();
  std::set<uint64_t> cm_segs, ord_segs;
  for (uint64_t a : *cm_map) cm_segs.insert(a / bps);
  for (uint64_t a : *ord_map) {
    if (a) ord_segs.insert(a / bps);
  }
  for (uint64_t s : ord_segs) EXPECT_FALSE(cm_segs.count(s)) << "segment " << s << " mixes media and ordinary data";
  // Contiguous: each next block follows the previous one, except across unit summaries and segments.
  uint64_t jumps = 0;
  for (size_t i = 1; i < cm_map->size(); ++i) jumps += (*cm_map)[i] != (*cm_map)[i - 1] + 1;
  EXPECT_LE(jumps, cm_segs.size() * 2) << "stream is scattered";
}

TEST_F(FileSystemTest, StatfsAndErrorsSayWhat) {
  Result<StatFs> s = fs_->Statfs();
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->data_disks, 4u);
  EXPECT_EQ(s->pnodes, 2u);  // garbage file and root
  EXPECT_GT(s->free_segments, 100u);
  Status bad = fs_->Mkdir("relative");
  EXPECT_NE(bad.message().find("not absolute"), std::string::npos);
  Status missing = fs_->Unlink("/no/such");
  EXPECT_NE(missing.message().find("/no"), std::string::npos);
  EXPECT_EQ(fs_->Readdir("/").value().size(), 0u);
}

}  // namespace
}  // namespace pegasus::pfs
