// The C++ API: files, directories, persistence across mounts, large and
// continuous-media files.
#include "pfs/include/pfs/file_system.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <random>
#include <set>

#include "pfs/include/pfs/file_disk.h"

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

// Large writes: the units they fill, and their row-aligned tails, are written to the disks
// from the caller's buffer, which may be reused (here scribbled over and freed) as soon as
// Write returns; with 64 KB and 1 MB segments, aligned and unaligned.
TEST(FileSystemLargeWriteTest, TheCallersBufferMayBeReusedAsSoonAsWriteReturns) {
  for (uint32_t segment : {64u * 1024, 1u << 20}) {
    SCOPED_TRACE("segment size " + std::to_string(segment));
    MemArray array(5, 24 << 20);
    ASSERT_TRUE(FileSystem::Mkfs(array.ptrs(), testing::SmallMkfs(segment)).ok());
    MountOptions o = testing::SmallMount();
    o.dirty_limit = 8 << 20;  // no flush between the writes: only the writes seal units
    auto mount = [&] {
      Result<std::unique_ptr<FileSystem>> m = FileSystem::Mount(array.ptrs(), o);
      EXPECT_TRUE(m.ok()) << m.status().ToString();
      return m.ok() ? std::move(*m) : nullptr;
    };
    std::unique_ptr<FileSystem> fs = mount();
    ASSERT_TRUE(fs);
    Result<uint32_t> ino = fs->Create("/large");
    ASSERT_TRUE(ino.ok()) << ino.status().ToString();
    std::mt19937 rng(testing::Seed(31));
    std::string model;
    const std::pair<uint64_t, uint64_t> writes[] = {
        {0, 1 << 20},          {1 << 20, (1 << 20) + 12288}, {3000, 200 * 1024}, {5 << 20, 130 * 1024},
        {(5 << 20) + 130 * 1024, 33 * 4096}, {2621440, 65536},  {7 << 20, 20000},  {4096, 3 << 20}};
    for (const auto& [off, len] : writes) {
      auto buf = std::make_unique<std::vector<uint8_t>>(len);
      for (uint8_t& b : *buf) b = static_cast<uint8_t>(rng());
      ASSERT_TRUE(fs->Write(*ino, off, *buf).ok());
      if (model.size() < off + len) model.resize(off + len, '\0');
      model.replace(off, len, reinterpret_cast<const char*>(buf->data()), len);
      std::fill(buf->begin(), buf->end(), 0xEE);
      buf.reset();
    }
    auto read_all = [&](FileSystem& f) {
      std::string out(model.size() + 4096, '\0');
      Result<uint64_t> n = f.Read(*ino, 0, std::span<uint8_t>(reinterpret_cast<uint8_t*>(out.data()), out.size()));
      EXPECT_TRUE(n.ok());
      out.resize(n.ok() ? *n : 0);
      return out;
    };
    EXPECT_TRUE(read_all(*fs) == model) << "read back before fsync differs";
    ASSERT_TRUE(fs->Fsync(*ino).ok());
    Result<ScrubReport> scrub = fs->Scrub();
    ASSERT_TRUE(scrub.ok()) << scrub.status().ToString();
    EXPECT_TRUE(scrub->problems.empty()) << scrub->problems.front();
    ASSERT_TRUE(fs->Unmount().ok());
    fs = mount();
    ASSERT_TRUE(fs);
    EXPECT_TRUE(read_all(*fs) == model) << "read back after remount differs";
    Result<FsckReport> fsck = fs->Fsck();
    ASSERT_TRUE(fsck.ok());
    EXPECT_TRUE(fsck->clean()) << fsck->problems.front();
  }
}

// On file disks a periodic checkpoint's disk flush runs in the background while writing
// goes on, and the checkpoint is written when it is done: after many of them and an
// fsync, a crash (no unmount) recovers everything from a checkpoint newer than mkfs's.
TEST(FileSystemOnFilesTest, PeriodicCheckpointsFlushInTheBackgroundWhileWritingGoesOn) {
  char tmpl[] = "/tmp/pfs_async_XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  std::vector<std::unique_ptr<FileDisk>> owned;
  auto open_disks = [&] {
    owned.clear();
    std::vector<Disk*> v;
    for (int i = 0; i < 5; ++i) {
      Result<std::unique_ptr<FileDisk>> d = FileDisk::Open(dir + "/disk" + std::to_string(i), 8 << 20);
      EXPECT_TRUE(d.ok());
      if (!d.ok()) return v;
      owned.push_back(std::move(*d));
      v.push_back(owned.back().get());
    }
    return v;
  };
  std::vector<Disk*> disks = open_disks();
  ASSERT_EQ(disks.size(), 5u);
  ASSERT_TRUE(FileSystem::Mkfs(disks, testing::SmallMkfs()).ok());
  const MountOptions o = testing::SmallMount();  // a checkpoint every 4 segments of 64 KB
  std::mt19937 rng(testing::Seed(41));
  std::vector<std::string> model(3);
  {
    Result<std::unique_ptr<FileSystem>> fs = FileSystem::Mount(disks, o);
    ASSERT_TRUE(fs.ok()) << fs.status().ToString();
    std::vector<uint32_t> inos;
    for (int f = 0; f < 3; ++f) {
      Result<uint32_t> ino = (*fs)->Create("/f" + std::to_string(f));
      ASSERT_TRUE(ino.ok());
      inos.push_back(*ino);
    }
    for (int i = 0; i < 90; ++i) {  // about 4 MB: dozens of checkpoints
      const int f = i % 3;
      std::string data(48 * 1024 + rng() % 4096, '\0');
      for (char& c : data) c = static_cast<char>(rng());
      const uint64_t off = model[f].size() > 0 && rng() % 4 == 0 ? rng() % model[f].size() : model[f].size();
      ASSERT_TRUE((*fs)->Write(inos[f], off, Bytes(data)).ok());
      if (model[f].size() < off + data.size()) model[f].resize(off + data.size(), '\0');
      model[f].replace(off, data.size(), data);
      std::string got(model[f].size(), '\0');
      std::span<uint8_t> out(reinterpret_cast<uint8_t*>(got.data()), got.size());
      Result<uint64_t> n = (*fs)->Read(inos[f], 0, out);
      ASSERT_TRUE(n.ok());
      ASSERT_TRUE(got == model[f]) << "file " << f << " differs after write " << i;
    }
    ASSERT_TRUE((*fs)->Fsync(inos[0]).ok());
  }  // no unmount: a crash after the fsync
  disks = open_disks();
  Result<std::unique_ptr<FileSystem>> fs = FileSystem::Mount(disks, o);
  ASSERT_TRUE(fs.ok()) << fs.status().ToString();
  uint64_t number = 0;
  for (const std::string& l : (*fs)->mount_log()) {
    if (auto at = l.find("(number "); at != std::string::npos) number = std::stoull(l.substr(at + 8));
  }
  EXPECT_GT(number, 10u) << "no periodic checkpoint was written";
  for (int f = 0; f < 3; ++f) {
    Result<uint32_t> ino = (*fs)->Open("/f" + std::to_string(f));
    ASSERT_TRUE(ino.ok());
    std::string got(model[f].size() + 1, '\0');
    Result<uint64_t> n = (*fs)->Read(*ino, 0, std::span<uint8_t>(reinterpret_cast<uint8_t*>(got.data()), got.size()));
    ASSERT_TRUE(n.ok());
    got.resize(*n);
    EXPECT_TRUE(got == model[f]) << "file " << f << " differs after the crash";
  }
  Result<FsckReport> fsck = (*fs)->Fsck();
  ASSERT_TRUE(fsck.ok());
  EXPECT_TRUE(fsck->clean()) << fsck->problems.front();
  fs->reset();
  owned.clear();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace pegasus::pfs
