// pfs: the command-line tool for a Pegasus File Server array.
//
//   pfs --disks D0,D1,...,P [options] <command> [args]
//
// The disks are files or block devices, data disks first and the parity disk last.
// Commands: mkfs, ls, put, get, rm, mkdir, stat, statfs, fsck, clean, scrub, rebuild.
// Long operations draw a progress bar on stderr. Exit status 0 on success, 1 on an
// error (printed with what and where), 2 on a usage error.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "pfs/include/pfs/file_disk.h"
#include "pfs/include/pfs/file_system.h"

namespace {

using pegasus::Result;
using pegasus::Status;
using namespace pegasus::pfs;

constexpr const char* kUsage =
    "usage: pfs --disks D0,D1,...,P [--size BYTES] [--segment-size BYTES] [--max-pnodes N] <command> [args]\n"
    "  mkfs                      make a file system (with --size, create sparse disk files)\n"
    "  ls [PATH]                 list a directory\n"
    "  put [--cm] LOCAL PATH     copy a local file in (--cm: continuous media)\n"
    "  get PATH LOCAL            copy a file out\n"
    "  rm PATH                   remove a file or an empty directory\n"
    "  mkdir PATH                make a directory\n"
    "  stat PATH                 show a file's pnode\n"
    "  statfs                    show capacity and use\n"
    "  fsck                      check the file system\n"
    "  clean [--min-garbage F]   run one cleaner pass\n"
    "  scrub                     check every log unit's checksums and parity\n"
    "  rebuild N                 rebuild disk N (a blank replacement)\n";

int Fail(const Status& s) {
  std::cerr << "pfs: " << s.ToString() << "\n";
  return 1;
}

Progress Bar(const std::string& what) {
  if (!isatty(STDERR_FILENO)) return nullptr;
  return [what](uint64_t done, uint64_t total) {
    const int width = 40;
    const int filled = total ? static_cast<int>(width * done / total) : width;
    std::fprintf(stderr, "\r%-8s [%s%s] %llu/%llu", what.c_str(), std::string(filled, '#').c_str(),
                 std::string(width - filled, ' ').c_str(), static_cast<unsigned long long>(done),
                 static_cast<unsigned long long>(total));
    if (done >= total) std::fprintf(stderr, "\n");
  };
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, sep)) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::vector<std::string> disk_paths;
  uint64_t create_size = 0;
  MkfsOptions mkfs;
  std::vector<std::string> rest;
  for (size_t i = 0; i < args.size(); ++i) {
    auto value = [&](const char* flag) -> std::string {
      if (i + 1 >= args.size()) {
        std::cerr << "pfs: " << flag << " needs a value\n" << kUsage;
        std::exit(2);
      }
      return args[++i];
    };
    if (args[i] == "--disks") disk_paths = Split(value("--disks"), ',');
    else if (args[i] == "--size") create_size = std::stoull(value("--size"));
    else if (args[i] == "--segment-size") mkfs.segment_size = static_cast<uint32_t>(std::stoul(value("--segment-size")));
    else if (args[i] == "--max-pnodes") mkfs.max_pnodes = static_cast<uint32_t>(std::stoul(value("--max-pnodes")));
    else if (args[i] == "-h" || args[i] == "--help") {
      std::cout << kUsage;
      return 0;
    } else rest.push_back(args[i]);
  }
  if (rest.empty() || disk_paths.size() < 2) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string cmd = rest[0];
  std::vector<std::unique_ptr<FileDisk>> owned;
  std::vector<Disk*> disks;
  for (const std::string& p : disk_paths) {
    Result<std::unique_ptr<FileDisk>> d = FileDisk::Open(p, cmd == "mkfs" ? create_size : 0);
    if (!d.ok()) return Fail(d.status());
    disks.push_back(d->get());
    owned.push_back(std::move(*d));
  }
  if (cmd == "mkfs") {
    if (Status s = FileSystem::Mkfs(disks, mkfs); !s.ok()) return Fail(s);
    std::cout << "made a PFS on " << disks.size() - 1 << " data disks + 1 parity disk\n";
    return 0;
  }
  Result<std::unique_ptr<FileSystem>> fsr = FileSystem::Mount(disks);
  if (!fsr.ok()) return Fail(fsr.status());
  FileSystem& fs = **fsr;
  for (const std::string& line : fs.mount_log()) {
    if (line.rfind("using checkpoint", 0) != 0) std::cerr << "pfs: mount: " << line << "\n";
  }
  auto finish = [&](int rc) {
    Status s = fs.Unmount();
    if (!s.ok()) return Fail(s);
    return rc;
  };
  auto need = [&](size_t n) {
    if (rest.size() < n + 1) {
      std::cerr << "pfs: " << cmd << " needs " << n << " argument(s)\n" << kUsage;
      std::exit(2);
    }
  };
  if (cmd == "ls") {
    const std::string path = rest.size() > 1 ? rest[1] : "/";
    Result<std::vector<DirEntry>> list = fs.Readdir(path);
    if (!list.ok()) return Fail(list.status());
    for (const DirEntry& e : *list) {
      Result<StatInfo> st = fs.Stat((path == "/" ? "" : path) + "/" + e.name);
      std::cout << (e.is_dir ? "d " : (st.ok() && st->continuous_media ? "c " : "- ")) << (st.ok() ? st->size : 0) << "\t"
                << e.name << (e.is_dir ? "/" : "") << "\n";
    }
    return finish(0);
  }
  if (cmd == "put") {
    bool cm = false;
    std::vector<std::string> pos;
    for (size_t i = 1; i < rest.size(); ++i) {
      if (rest[i] == "--cm") cm = true; else pos.push_back(rest[i]);
    }
    if (pos.size() != 2) {
      std::cerr << kUsage;
      return 2;
    }
    std::ifstream in(pos[0], std::ios::binary);
    if (!in) return Fail(Status::IoError("cannot read local file '" + pos[0] + "'"));
    in.seekg(0, std::ios::end);
    const uint64_t total = static_cast<uint64_t>(in.tellg());
    in.seekg(0);
    Result<uint32_t> ino = fs.Open(pos[1]);
    if (ino.ok()) {
      if (Status s = fs.Truncate(*ino, 0); !s.ok()) return Fail(s);
    } else {
      ino = fs.Create(pos[1], cm);
      if (!ino.ok()) return Fail(ino.status());
    }
    std::vector<uint8_t> buf(1 << 20);
    Progress bar = total > (8u << 20) ? Bar("put") : nullptr;
    uint64_t off = 0;
    while (in) {
      in.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(buf.size()));
      const size_t n = static_cast<size_t>(in.gcount());
      if (n == 0) break;
      if (Status s = fs.Write(*ino, off, std::span<const uint8_t>(buf.data(), n)); !s.ok()) return Fail(s);
      off += n;
      if (bar) bar(off, total);
    }
    if (Status s = fs.Fsync(*ino); !s.ok()) return Fail(s);
    return finish(0);
  }
  if (cmd == "get") {
    need(2);
    Result<uint32_t> ino = fs.Open(rest[1]);
    if (!ino.ok()) return Fail(ino.status());
    Result<StatInfo> st = fs.Stat(rest[1]);
    std::ofstream out(rest[2], std::ios::binary | std::ios::trunc);
    if (!out) return Fail(Status::IoError("cannot write local file '" + rest[2] + "'"));
    std::vector<uint8_t> buf(1 << 20);
    Progress bar = st->size > (8u << 20) ? Bar("get") : nullptr;
    for (uint64_t off = 0;;) {
      Result<uint64_t> n = fs.Read(*ino, off, buf);
      if (!n.ok()) return Fail(n.status());
      if (*n == 0) break;
      out.write(reinterpret_cast<const char*>(buf.data()), static_cast<std::streamsize>(*n));
      off += *n;
      if (bar) bar(off, st->size);
    }
    return finish(0);
  }
  if (cmd == "rm") {
    need(1);
    if (Status s = fs.Unlink(rest[1]); !s.ok()) return Fail(s);
    return finish(0);
  }
  if (cmd == "mkdir") {
    need(1);
    if (Status s = fs.Mkdir(rest[1]); !s.ok()) return Fail(s);
    return finish(0);
  }
  if (cmd == "stat") {
    need(1);
    Result<StatInfo> st = fs.Stat(rest[1]);
    if (!st.ok()) return Fail(st.status());
    std::cout << "pnode " << st->ino << (st->is_dir ? " directory" : st->continuous_media ? " continuous-media file" : " file")
              << "\nsize " << st->size << "\nblocks " << st->blocks << "\nlinks " << st->nlink << "\nmtime " << st->mtime << "\n";
    return finish(0);
  }
  if (cmd == "statfs") {
    Result<StatFs> s = fs.Statfs();
    if (!s.ok()) return Fail(s.status());
    std::cout << "data disks " << s->data_disks << " (+1 parity), failed " << s->failed_disks << "\nsegment size "
              << s->segment_size << "\nlog segments " << s->segments << ", free " << s->free_segments << "\ncapacity "
              << s->total_bytes << " bytes, free " << s->free_bytes << "\npnodes " << s->pnodes << " of " << s->max_pnodes
              << "\ngarbage entries " << s->garbage_entries << "\n";
    return finish(0);
  }
  if (cmd == "fsck") {
    Result<FsckReport> r = fs.Fsck(Bar("fsck"));
    if (!r.ok()) return Fail(r.status());
    std::cout << r->pnodes << " pnodes (" << r->files << " files, " << r->directories << " directories), " << r->blocks
              << " blocks\n";
    for (const std::string& p : r->problems) std::cout << "problem: " << p << "\n";
    std::cout << (r->clean() ? "clean\n" : std::to_string(r->problems.size()) + " problems\n");
    return finish(r->clean() ? 0 : 1);
  }
  if (cmd == "clean") {
    double min = 0;
    if (rest.size() > 2 && rest[1] == "--min-garbage") min = std::stod(rest[2]);
    Result<CleanStats> r = fs.Clean(min, Bar("clean"));
    if (!r.ok()) return Fail(r.status());
    std::cout << "garbage entries " << r->garbage_entries << " (" << r->garbage_bytes << " bytes), segments cleaned "
              << r->segments_cleaned << ", live blocks moved " << r->live_blocks_moved << ", entries kept for later "
              << r->entries_deferred << "\n";
    return finish(0);
  }
  if (cmd == "scrub") {
    Result<ScrubReport> r = fs.Scrub(Bar("scrub"));
    if (!r.ok()) return Fail(r.status());
    std::cout << r->segments_checked << " segments, " << r->rows_checked << " rows checked\n";
    for (const std::string& p : r->problems) std::cout << "problem: " << p << "\n";
    return finish(r->problems.empty() ? 0 : 1);
  }
  if (cmd == "rebuild") {
    need(1);
    if (Status s = fs.Rebuild(static_cast<uint32_t>(std::stoul(rest[1])), Bar("rebuild")); !s.ok()) return Fail(s);
    std::cout << "rebuilt disk " << rest[1] << "\n";
    return finish(0);
  }
  std::cerr << "pfs: unknown command '" << cmd << "'\n" << kUsage;
  return 2;
}
