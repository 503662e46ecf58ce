// pegasus: the host tool for a Pegasus desk-area network, with git-style subcommands.
// It speaks the host control protocol (doc/wire_formats.md, "Host control protocol") to
// the SoC's firmware over a serial port (--port, a board) or TCP (--tcp, the bridged UART
// of pegasus-sim or pegasus-net); the protocol is the same on both. `pegasus help` lists
// the commands; the exit codes are in host/pegasus/exit_codes.h.
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "host/control/hcp_client.h"
#include "host/control/transport.h"
#include "host/pegasus/exit_codes.h"
#include "host/pegasus/sim_command.h"
#include "host/pegasus/wave_command.h"

namespace pegasus::tool {
namespace {

using hcp::ClientStatus;
using hcp::HcpClient;

struct Options {
  std::string tcp;
  std::string port;
  int baud = 115200;
  int timeout_ms = 5000;
  bool quiet_console = false;
};

const char kUsage[] =
    "usage: pegasus [--tcp=HOST:PORT | --port=DEVICE [--baud=N]] [--timeout=MS]\n"
    "               [--quiet-console] <command> [args]\n"
    "\n"
    "Talks to the firmware of a Pegasus SoC over the host control protocol: through a\n"
    "serial port (--port=/dev/ttyUSB1, --baud, default 115200) on a board, or TCP\n"
    "(--tcp=127.0.0.1:PORT) to `pegasus-sim --uart-tcp` or `pegasus-net --uart-tcp`.\n"
    "Console text the firmware prints arrives on stderr unless --quiet-console.\n"
    "--timeout bounds each response (default 5000 ms).\n"
    "\n"
    "commands:\n"
    "  version    HCP versions of the tool and the device, and the firmware's name\n"
    "  ping       round trips with payloads checked\n"
    "  devices    the devices the firmware knows: id, kind, name\n"
    "  stats      counters of one or all devices\n"
    "  connect    stream a camera into a window of a display, or audio to a playout\n"
    "  disconnect end a connection\n"
    "  window     move, resize or raise a connection's window\n"
    "  call       send any command number (checks how the device refuses one)\n"
    "  raw        send bytes as they are and show the frames that come back\n"
    "  sim        start pegasus-sim (or with --net pegasus-net) with its UART on TCP\n"
    "  wave       open an FST waveform the simulator wrote in GTKWave\n"
    "  help       this text, or `pegasus help <command>`\n"
    "\n"
    "exit codes: 0 ok, 1 refused by the device, 2 usage, 3 timeout, 4 damaged frame\n"
    "(CRC or framing), 5 version mismatch, 6 no such device, 7 connection or start-up\n"
    "failure, 8 a response that does not parse.\n";

struct Command {
  const char* name;
  const char* help;
  int (*run)(const Options& options, int argc, char** argv);
};

int Fail(const ClientStatus& s, const char* what) {
  std::fprintf(stderr, "pegasus %s: %s\n", what, s.message.c_str());
  return ExitCodeOf(s);
}

// Opens the transport and says HELLO; on failure returns false with *exit_code set.
struct Session {
  std::unique_ptr<hcp::Transport> transport;
  std::unique_ptr<HcpClient> client;
  hcp::HelloInfo hello;
};

bool Open(const Options& o, const char* what, Session* s, int* exit_code,
          uint8_t version = hcp::kVersion) {
  if (o.tcp.empty() == o.port.empty()) {
    std::fprintf(stderr, "pegasus %s: give exactly one of --tcp=HOST:PORT and --port=DEVICE\n",
                 what);
    *exit_code = kExitUsage;
    return false;
  }
  Result<std::unique_ptr<hcp::Transport>> t =
      o.tcp.empty() ? hcp::OpenSerial(o.port, o.baud) : hcp::ConnectTcp(o.tcp);
  if (!t.ok()) {
    std::fprintf(stderr, "pegasus %s: %s\n", what, t.status().message().c_str());
    *exit_code = t.status().code() == Status::Code::kInvalidArgument ? kExitUsage : kExitIo;
    return false;
  }
  s->transport = std::move(*t);
  const uint16_t first_seq = static_cast<uint16_t>(::getpid() * 7919u + 1);
  s->client = std::make_unique<HcpClient>(s->transport.get(), first_seq);
  s->client->set_timeout_ms(o.timeout_ms);
  if (!o.quiet_console) {
    s->client->OnText([](char c) { std::fputc(c, stderr); });
  }
  const ClientStatus hs = s->client->Hello(&s->hello, version);
  if (!hs.ok()) {
    *exit_code = Fail(hs, what);
    return false;
  }
  return true;
}

int Version(const Options& o, int argc, char** argv) {
  int version = hcp::kVersion;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--protocol=", 11) == 0) {
      version = std::atoi(argv[i] + 11);
    } else {
      std::fprintf(stderr, "pegasus version: unknown argument %s\n", argv[i]);
      return kExitUsage;
    }
  }
  if (version < 0 || version > 255) {
    std::fprintf(stderr, "pegasus version: --protocol takes 0..255\n");
    return kExitUsage;
  }
  Session s;
  int code = 0;
  if (!Open(o, "version", &s, &code, static_cast<uint8_t>(version))) return code;
  std::printf("tool: HCP version %d\ndevice: HCP version %d, firmware %s, max payload %d bytes\n",
              hcp::kVersion, s.hello.version, s.hello.firmware.c_str(), s.hello.max_payload);
  return kExitOk;
}

int Ping(const Options& o, int argc, char** argv) {
  int count = 3;
  int size = 32;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--count=", 8) == 0) {
      count = std::atoi(argv[i] + 8);
    } else if (std::strncmp(argv[i], "--size=", 7) == 0) {
      size = std::atoi(argv[i] + 7);
    } else {
      std::fprintf(stderr, "pegasus ping: unknown argument %s\n", argv[i]);
      return kExitUsage;
    }
  }
  if (count < 1 || size < 0 || size > static_cast<int>(hcp::kMaxPayload)) {
    std::fprintf(stderr, "pegasus ping: --count >= 1 and --size 0..%zu\n", hcp::kMaxPayload);
    return kExitUsage;
  }
  Session s;
  int code = 0;
  if (!Open(o, "ping", &s, &code)) return code;
  for (int i = 0; i < count; ++i) {
    std::vector<uint8_t> bytes(static_cast<size_t>(size));
    for (int b = 0; b < size; ++b) bytes[b] = static_cast<uint8_t>(i * 31 + b * 7);
    const auto t0 = std::chrono::steady_clock::now();
    const ClientStatus r = s.client->Ping(bytes);
    if (!r.ok()) return Fail(r, "ping");
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::printf("ping %d: %d bytes back in %.2f ms\n", i + 1, size, ms);
  }
  return kExitOk;
}

int Devices(const Options& o, int argc, char**) {
  if (argc != 0) {
    std::fprintf(stderr, "pegasus devices: takes no arguments\n");
    return kExitUsage;
  }
  Session s;
  int code = 0;
  if (!Open(o, "devices", &s, &code)) return code;
  std::vector<hcp::DeviceInfo> devices;
  const ClientStatus r = s.client->Devices(&devices);
  if (!r.ok()) return Fail(r, "devices");
  std::printf("%-4s %-8s %s\n", "id", "kind", "name");
  for (const hcp::DeviceInfo& d : devices) {
    std::printf("%-4u %-8s %s\n", d.id, hcp::DeviceKindName(d.kind), d.name.c_str());
  }
  return kExitOk;
}

int Stats(const Options& o, int argc, char** argv) {
  Session s;
  int code = 0;
  if (!Open(o, "stats", &s, &code)) return code;
  std::vector<hcp::DeviceInfo> devices;
  const ClientStatus r = s.client->Devices(&devices);
  if (!r.ok()) return Fail(r, "stats");
  std::vector<hcp::DeviceInfo> chosen;
  if (argc == 0) chosen = devices;
  for (int i = 0; i < argc; ++i) {
    const std::string want = argv[i];
    const hcp::DeviceInfo* found = nullptr;
    for (const hcp::DeviceInfo& d : devices) {
      if (d.name == want) found = &d;
    }
    if (found != nullptr) {
      chosen.push_back(*found);
      continue;
    }
    char* end = nullptr;
    const long id = std::strtol(want.c_str(), &end, 0);
    if (!want.empty() && *end == '\0' && id >= 0 && id <= 0xFFFF) {
      // An id the list may not have: the device itself says whether it exists.
      chosen.push_back(hcp::DeviceInfo{static_cast<uint16_t>(id), 0, want});
      continue;
    }
    std::string names;
    for (const hcp::DeviceInfo& d : devices) names += (names.empty() ? "" : ", ") + d.name;
    std::fprintf(stderr, "pegasus stats: no such device '%s' (devices: %s)\n", want.c_str(),
                 names.c_str());
    return kExitNoDevice;
  }
  for (const hcp::DeviceInfo& d : chosen) {
    std::vector<hcp::Counter> counters;
    const ClientStatus sr = s.client->Stats(d.id, &counters);
    if (!sr.ok()) return Fail(sr, "stats");
    for (const hcp::Counter& c : counters) {
      std::printf("%s.%s %llu\n", d.name.c_str(), c.name.c_str(),
                  static_cast<unsigned long long>(c.value));
    }
  }
  return kExitOk;
}

// The id of the device named name in devices; -1 after a message when there is none.
int DeviceId(const std::vector<hcp::DeviceInfo>& devices, const std::string& name,
             const char* what) {
  std::string names;
  for (const hcp::DeviceInfo& d : devices) {
    if (d.name == name) return d.id;
    names += (names.empty() ? "" : ", ") + d.name;
  }
  std::fprintf(stderr, "pegasus %s: no such device '%s' (devices: %s)\n", what, name.c_str(),
               names.c_str());
  return -1;
}

// "A<sep>B" with two integers in [lo, hi].
bool ParsePair(const std::string& s, char sep, long lo, long hi, long* a, long* b) {
  const size_t at = s.find(sep);
  if (at == std::string::npos) return false;
  char* end = nullptr;
  const std::string first = s.substr(0, at), second = s.substr(at + 1);
  *a = std::strtol(first.c_str(), &end, 10);
  if (first.empty() || *end != '\0') return false;
  *b = std::strtol(second.c_str(), &end, 10);
  if (second.empty() || *end != '\0') return false;
  return *a >= lo && *a <= hi && *b >= lo && *b <= hi;
}

// A connection id 1..65535.
bool ParseId(const char* s, uint16_t* id) {
  char* end = nullptr;
  const long v = std::strtol(s, &end, 10);
  if (*s == '\0' || *end != '\0' || v < 1 || v > 0xFFFF) return false;
  *id = static_cast<uint16_t>(v);
  return true;
}

void PrintWindow(const hcp::ConnectionInfo& c) {
  std::printf("connection %u: window at %d,%d size %ux%u z %u\n", c.id, c.x, c.y, c.w, c.h, c.z);
}

int Connect(const Options& o, int argc, char** argv) {
  std::vector<std::string> names;
  long x = 0, y = 0, w = 0, h = 0;
  bool at = false;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    if ((a == "--at" || a == "--size") && i + 1 < argc) a += std::string("=") + argv[++i];
    if (a.rfind("--at=", 0) == 0) {
      if (!ParsePair(a.substr(5), ',', -32768, 32767, &x, &y)) {
        std::fprintf(stderr, "pegasus connect: --at wants X,Y, not %s\n", a.c_str() + 5);
        return kExitUsage;
      }
      at = true;
    } else if (a.rfind("--size=", 0) == 0) {
      if (!ParsePair(a.substr(7), 'x', 1, 65535, &w, &h)) {
        std::fprintf(stderr, "pegasus connect: --size wants WxH, not %s\n", a.c_str() + 7);
        return kExitUsage;
      }
    } else if (!a.empty() && a[0] != '-') {
      names.push_back(a);
    } else {
      std::fprintf(stderr, "pegasus connect: unknown argument %s\n", a.c_str());
      return kExitUsage;
    }
  }
  const char* kConnectUsage =
      "usage: pegasus connect CAMERA DISPLAY --at X,Y [--size WxH]\n"
      "       pegasus connect AUDIO_SOURCE AUDIO_SINK\n";
  if (names.size() != 2) {
    std::fprintf(stderr, "%s", kConnectUsage);
    return kExitUsage;
  }
  Session s;
  int code = 0;
  if (!Open(o, "connect", &s, &code)) return code;
  std::vector<hcp::DeviceInfo> devices;
  ClientStatus r = s.client->Devices(&devices);
  if (!r.ok()) return Fail(r, "connect");
  const int src = DeviceId(devices, names[0], "connect");
  const int sink = src < 0 ? -1 : DeviceId(devices, names[1], "connect");
  if (src < 0 || sink < 0) return kExitNoDevice;
  // An audio sink takes no window; any other sink (a display) needs its place.
  bool audio = false;
  for (const hcp::DeviceInfo& d : devices) {
    if (d.id == sink) audio = d.kind == static_cast<uint8_t>(hcp::DeviceKind::kAudio);
  }
  if (audio == at || (audio && (w != 0 || h != 0))) {
    std::fprintf(
        stderr, "pegasus connect: %s\n%s",
        audio ? "an audio connection has no window (no --at or --size)" : "a window needs --at X,Y",
        kConnectUsage);
    return kExitUsage;
  }
  hcp::ConnectionInfo c;
  r = s.client->Connect(static_cast<uint16_t>(src), static_cast<uint16_t>(sink),
                        static_cast<int16_t>(x), static_cast<int16_t>(y), static_cast<uint16_t>(w),
                        static_cast<uint16_t>(h), &c);
  if (!r.ok()) return Fail(r, "connect");
  if (audio) {
    std::printf("connection %u: %s -> %s (audio)\n", c.id, names[0].c_str(), names[1].c_str());
    return kExitOk;
  }
  std::printf("connection %u: %s -> %s window %u at %d,%d size %ux%u\n", c.id, names[0].c_str(),
              names[1].c_str(), c.window, c.x, c.y, c.w, c.h);
  return kExitOk;
}

int Disconnect(const Options& o, int argc, char** argv) {
  uint16_t id = 0;
  if (argc != 1 || !ParseId(argv[0], &id)) {
    std::fprintf(stderr, "usage: pegasus disconnect ID (a connection id, 1..65535)\n");
    return kExitUsage;
  }
  Session s;
  int code = 0;
  if (!Open(o, "disconnect", &s, &code)) return code;
  const ClientStatus r = s.client->Disconnect(id);
  if (!r.ok()) return Fail(r, "disconnect");
  std::printf("connection %u removed\n", id);
  return kExitOk;
}

int WindowCmd(const Options& o, int argc, char** argv) {
  const char* kWindowUsage = "usage: pegasus window move ID X,Y | resize ID WxH | raise ID\n";
  uint16_t id = 0;
  const std::string op = argc >= 1 ? argv[0] : "";
  long a = 0, b = 0;
  hcp::WindowOp wop = hcp::WindowOp::kRaise;
  bool good = argc >= 2 && ParseId(argv[1], &id);
  if (good && op == "move") {
    wop = hcp::WindowOp::kMove;
    good = argc == 3 && ParsePair(argv[2], ',', -32768, 32767, &a, &b);
  } else if (good && op == "resize") {
    wop = hcp::WindowOp::kResize;
    good = argc == 3 && ParsePair(argv[2], 'x', 1, 32767, &a, &b);
  } else if (good) {
    good = op == "raise" && argc == 2;
  }
  if (!good) {
    std::fputs(kWindowUsage, stderr);
    return kExitUsage;
  }
  Session s;
  int code = 0;
  if (!Open(o, "window", &s, &code)) return code;
  hcp::ConnectionInfo c;
  const ClientStatus r =
      s.client->Window(id, wop, static_cast<int16_t>(a), static_cast<int16_t>(b), &c);
  if (!r.ok()) return Fail(r, "window");
  PrintWindow(c);
  return kExitOk;
}

// Hex bytes from the words given: "0203", "02 03", "0x02".
bool ParseHex(int argc, char** argv, std::vector<uint8_t>* out) {
  std::string digits;
  for (int i = 0; i < argc; ++i) {
    std::string w = argv[i];
    for (size_t at = w.find("0x"); at != std::string::npos; at = w.find("0x")) w.erase(at, 2);
    for (char c : w) {
      if (c == ':' || c == ',' || c == ' ') continue;
      if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
      digits.push_back(c);
    }
  }
  if (digits.size() % 2 != 0) return false;
  for (size_t i = 0; i < digits.size(); i += 2) {
    out->push_back(static_cast<uint8_t>(std::stoi(digits.substr(i, 2), nullptr, 16)));
  }
  return true;
}

int Call(const Options& o, int argc, char** argv) {
  char* end = nullptr;
  const long command = argc >= 1 ? std::strtol(argv[0], &end, 0) : -1;
  std::vector<uint8_t> payload;
  if (argc < 1 || *end != '\0' || command < 0 || command > 0xFFFF ||
      !ParseHex(argc - 1, argv + 1, &payload)) {
    std::fprintf(stderr, "usage: pegasus call COMMAND [HEX PAYLOAD]\n");
    return kExitUsage;
  }
  Session s;
  int code = 0;
  if (!Open(o, "call", &s, &code)) return code;
  std::vector<uint8_t> response;
  const ClientStatus r = s.client->CallRaw(static_cast<uint16_t>(command), payload, &response);
  if (!r.ok()) return Fail(r, "call");
  for (uint8_t b : response) std::printf("%02x", b);
  std::printf("\n");
  return kExitOk;
}

int Raw(const Options& o, int argc, char** argv) {
  std::vector<uint8_t> bytes;
  size_t frames = SIZE_MAX;
  if (argc >= 1 && std::strncmp(argv[0], "--frames=", 9) == 0) {
    frames = std::strtoul(argv[0] + 9, nullptr, 10);
    --argc;
    ++argv;
  }
  if (argc < 1 || !ParseHex(argc, argv, &bytes)) {
    std::fprintf(stderr, "usage: pegasus raw [--frames=N] HEX...\n");
    return kExitUsage;
  }
  Session s;
  int code = 0;
  if (!Open(o, "raw", &s, &code)) return code;
  std::vector<hcp::SeenFrame> seen;
  const ClientStatus r = s.client->Raw(bytes, &seen, frames);
  if (!r.ok()) return Fail(r, "raw");
  const bool short_of_frames = frames != SIZE_MAX && seen.size() < frames;
  for (const hcp::SeenFrame& f : seen) {
    if (f.fault) {
      std::printf("damaged frame: %s\n", hcp::FaultText(f.why));
      continue;
    }
    const char* kinds[] = {"?", "request", "response", "error"};
    std::printf("%s seq=%u command=%u", kinds[f.header.kind], f.header.seq, f.header.command);
    if (f.header.kind == static_cast<uint8_t>(hcp::Kind::kError) && f.payload.size() >= 2) {
      const uint16_t ec = static_cast<uint16_t>(f.payload[0] << 8 | f.payload[1]);
      std::printf(" %s: %.*s", hcp::ErrorCodeName(ec), static_cast<int>(f.payload.size() - 2),
                  reinterpret_cast<const char*>(f.payload.data() + 2));
    } else {
      std::printf(" payload=");
      for (uint8_t b : f.payload) std::printf("%02x", b);
    }
    std::printf("\n");
  }
  if (short_of_frames) {
    std::fprintf(stderr, "pegasus raw: %zu of %zu frames within %d ms\n", seen.size(), frames,
                 o.timeout_ms);
    return kExitTimeout;
  }
  return kExitOk;
}

int Sim(const Options&, int argc, char** argv) { return RunSim(argc, argv); }

int Wave(const Options&, int argc, char** argv) { return RunWave(argc, argv); }

int Help(const Options& o, int argc, char** argv);

const char kVersionHelp[] =
    "usage: pegasus version [--protocol=N]\n"
    "\n"
    "Says HELLO and prints both HCP versions and the firmware's name. --protocol asks\n"
    "for another version, which a device refuses with VERSION_MISMATCH (exit 5).\n";

const char kPingHelp[] =
    "usage: pegasus ping [--count=N] [--size=BYTES]\n"
    "\n"
    "Sends N PING requests (default 3) of BYTES bytes (default 32, at most 496) and\n"
    "checks each comes back unchanged; prints the round-trip times.\n";

const char kDevicesHelp[] =
    "usage: pegasus devices\n"
    "\n"
    "Lists the devices the firmware knows: id, kind and name.\n";

const char kStatsHelp[] =
    "usage: pegasus stats [DEVICE...]\n"
    "\n"
    "Prints the counters of the devices named (by name or id; default: all) as\n"
    "`device.counter value` lines. A name the device list lacks, or an id the device\n"
    "does not know, exits with 6. With pegasusd (`pegasus sim --net`) sw0 has per-port\n"
    "cell counters (`sw0.port1.in`), camera0 the sums of its frame-sync messages\n"
    "(`camera0.frame_syncs`, `bands_sent`, `bands_dropped`) and display0 the\n"
    "connections (`display0.conn1.x` ...).\n";

const char kCallHelp[] =
    "usage: pegasus call COMMAND [HEX PAYLOAD]\n"
    "\n"
    "Sends a request with any command number and payload and prints the response's\n"
    "payload in hex, or the device's error (an unknown command exits with 1).\n";

const char kRawHelp[] =
    "usage: pegasus raw [--frames=N] HEX...\n"
    "\n"
    "After HELLO, writes the bytes as they are (no framing), then prints each frame\n"
    "that arrives within the timeout: responses, and the device's error responses to\n"
    "malformed or truncated frames. With --frames=N it returns once N frames have\n"
    "arrived (exit 3 if fewer come in time); --frames=0 only writes.\n";

const char kConnectHelp[] =
    "usage: pegasus connect CAMERA DISPLAY --at X,Y [--size WxH]\n"
    "       pegasus connect AUDIO_SOURCE AUDIO_SINK\n"
    "\n"
    "Streams CAMERA (a name from `pegasus devices`, e.g. camera0) into a new window\n"
    "of DISPLAY (display0) with its top-left at X,Y on the screen, WxH\n"
    "pixels (multiples of 8; default: the firmware's, 80x48). The firmware routes the\n"
    "camera's data VC through the switch, opens the window, draws its border and starts\n"
    "the camera, and answers with the connection id that disconnect and window take.\n"
    "AUDIO_SOURCE's samples (audio0) are routed to AUDIO_SINK's playout (audio1);\n"
    "there is no window. A window off the screen, a pair that is neither, or a device or\n"
    "the display's windows already connected, is refused (exit 1) and changes nothing;\n"
    "an unknown device exits with 6.\n";

const char kDisconnectHelp[] =
    "usage: pegasus disconnect ID\n"
    "\n"
    "Ends connection ID: stops the camera (after the frame in progress), closes the\n"
    "window and removes the route from the switch. An unknown id exits with 1.\n";

const char kWindowHelp[] =
    "usage: pegasus window move ID X,Y | resize ID WxH | raise ID\n"
    "\n"
    "Moves connection ID's window to X,Y, resizes it (and the camera's capture) to\n"
    "WxH pixels (multiples of 8), or raises it above every other window. A move takes\n"
    "effect at the display's next frame boundary, so a moving window never tears; a\n"
    "resize changes the camera's capture from its next frame too. A window that would\n"
    "leave the screen is refused (exit 1) and stays where it was.\n"
    "Prints the window's place, size and stacking order.\n";

const Command kCommands[] = {
    {"version", kVersionHelp, Version},
    {"ping", kPingHelp, Ping},
    {"devices", kDevicesHelp, Devices},
    {"stats", kStatsHelp, Stats},
    {"call", kCallHelp, Call},
    {"raw", kRawHelp, Raw},
    {"connect", kConnectHelp, Connect},
    {"disconnect", kDisconnectHelp, Disconnect},
    {"window", kWindowHelp, WindowCmd},
    {"sim", kSimHelp, Sim},
    {"wave", kWaveHelp, Wave},
    {"help", "usage: pegasus help [COMMAND]\n", Help},
};

const Command* Find(const char* name) {
  for (const Command& c : kCommands) {
    if (std::strcmp(c.name, name) == 0) return &c;
  }
  return nullptr;
}

int Help(const Options&, int argc, char** argv) {
  if (argc == 0) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  const Command* c = Find(argv[0]);
  if (c == nullptr) {
    std::fprintf(stderr, "pegasus help: no command '%s'\n%s", argv[0], kUsage);
    return kExitUsage;
  }
  std::fputs(c->help, stdout);
  return kExitOk;
}

}  // namespace
}  // namespace pegasus::tool

int main(int argc, char** argv) {
  using namespace pegasus::tool;
  Options o;
  int i = 1;
  // Global options come before the command; `--opt value` and `--opt=value` both work.
  for (; i < argc && argv[i][0] == '-'; ++i) {
    std::string a = argv[i];
    std::string value;
    const size_t eq = a.find('=');
    auto take = [&](const char* name) {
      if (a == name && i + 1 < argc) {
        value = argv[++i];
        return true;
      }
      if (eq != std::string::npos && a.substr(0, eq) == name) {
        value = a.substr(eq + 1);
        return true;
      }
      return false;
    };
    if (take("--tcp")) {
      o.tcp = value;
    } else if (take("--port")) {
      o.port = value;
    } else if (take("--baud")) {
      o.baud = std::atoi(value.c_str());
    } else if (take("--timeout")) {
      o.timeout_ms = std::atoi(value.c_str());
      if (o.timeout_ms <= 0) {
        std::fprintf(stderr, "pegasus: --timeout takes milliseconds > 0\n");
        return kExitUsage;
      }
    } else if (a == "--quiet-console") {
      o.quiet_console = true;
    } else if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return kExitOk;
    } else {
      std::fprintf(stderr, "pegasus: unknown option %s\n%s", a.c_str(), kUsage);
      return kExitUsage;
    }
  }
  if (i == argc) {
    std::fputs(kUsage, stderr);
    return kExitUsage;
  }
  const Command* c = Find(argv[i]);
  if (c == nullptr) {
    std::fprintf(stderr, "pegasus: '%s' is not a pegasus command; see `pegasus help`\n", argv[i]);
    return kExitUsage;
  }
  return c->run(o, argc - i - 1, argv + i + 1);
}
