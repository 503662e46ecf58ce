// ConnMgr: connections, window changes and the devices' counters (conn_mgr.h). Request
// and response layouts: doc/wire_formats.md, "Host control protocol".
#include "firmware/apps/pegasusd/conn_mgr.h"

#include "firmware/lib/clint.h"
#include "firmware/lib/print.h"
#include "pegasus/memory_map.h"

namespace pegasusd {

using pegasus::fw::CameraCapture;
using pegasus::fw::FrameSync;
using pegasus::fw::ParseFrameSync;
using pegasus::fw::HcpStats;
using pegasus::fw::NicPdu;
using pegasus::fw::Print;
using pegasus::fw::SwitchOut;
using pegasus::fw::SwitchPortCounters;
using pegasus::fw::SwitchResult;
using pegasus::hcp::ErrorCode;
using pegasus::hcp::PayloadReader;
using pegasus::hcp::PayloadWriter;

namespace {

constexpr uint8_t kNicDevice = 1;  // kDevices index of nic0
constexpr uint8_t kDisplay = 4;    // kDevices index of display0
constexpr uint8_t kZMin = 1;       // video windows: above the decorations window (z 0)
constexpr uint8_t kZMax = 15;

// "<a><n><b>" into buf, NUL-terminated (a counter name such as "port1.in").
constexpr uint32_t kNameBytes = 24;
const char* Name(char* buf, const char* a, uint32_t n, const char* b) {
  PayloadWriter w(reinterpret_cast<uint8_t*>(buf), kNameBytes - 1);
  w.Text(a);
  w.Decimal(n);
  w.Text(b);
  buf[w.size()] = '\0';
  return buf;
}

uint8_t WindowOf(uint16_t vci) { return static_cast<uint8_t>(vci & 63); }

// The largest count of tiles a PDU, up to kTilesPerPdu, that divides a band evenly.
uint8_t TilesPerPdu(uint32_t tiles_x) {
  uint8_t n = kTilesPerPdu;
  while (tiles_x % n != 0) --n;
  return n;
}

}  // namespace

bool ConnMgr::Init(pegasus::fw::HcpServer* server) {
  if (switch_.Init() != SwitchResult::kOk) {
    Print("pegasusd: no switch\n");
    return false;
  }
  nic_.Init(tx_, kTxCount, rx_, kRxCount, rx_buffers_, kBufferBytes);
  const DeviceSpec& disp = kDevices[kDisplay];
  const uint8_t nic = kDevices[kNicDevice].port;
  // Per camera: frame syncs in, commands out. Window commands and decorations out.
  bool ok = true;
  for (uint32_t i = 0; i < kDeviceCount; ++i) {
    const DeviceSpec& d = kDevices[i];
    if (d.kind != DeviceKind::kCamera) continue;
    ok = ok && nic_.SetVc(netmgr::kVpi, d.ctl_vci, true) &&
         Route(d.port, d.ctl_vci, nic, d.ctl_vci) && Route(nic, d.ctl_vci, d.port, d.ctl_vci);
  }
  ok = ok && Route(nic, disp.ctl_vci, disp.port, disp.ctl_vci) &&
       Route(nic, kDecorVci, disp.port, kDecorVci);
  if (!ok) {
    Print("pegasusd: control VCs not set up\n");
    return false;
  }
  // The decorations window: the whole screen, its origin the screen's, below the video.
  static constexpr pegasus::fw::Window kDecor{.off_x = 0,
                                              .off_y = 0,
                                              .x0 = 0,
                                              .y0 = 0,
                                              .x1 = kScreenWidth - 1,
                                              .y1 = kScreenHeight - 1,
                                              .z = 0,
                                              .enable = true};
  if (!display_.SetWindow(WindowOf(kDecorVci), kDecor)) {
    Print("pegasusd: decorations window not set up\n");
    return false;
  }
  Flush();
  using pegasus::hcp::Command;
  server->Register(static_cast<uint16_t>(Command::kConnect), OnConnect, this);
  server->Register(static_cast<uint16_t>(Command::kDisconnect), OnDisconnect, this);
  server->Register(static_cast<uint16_t>(Command::kWindow), OnWindow, this);
  for (uint32_t i = 0; i < kDeviceCount; ++i) {
    const DeviceSpec& d = kDevices[i];
    pegasus::fw::HcpStatsFn fn = nullptr;
    if (d.kind == DeviceKind::kSwitch) fn = SwitchStats;
    if (d.kind == DeviceKind::kCamera) fn = CameraStatsFn;
    if (d.kind == DeviceKind::kDisplay) fn = DisplayStats;
    if (d.kind == DeviceKind::kAudio) fn = AudioStats;
    if (d.kind == DeviceKind::kNic) fn = NicStats;
    device_ctx_[i].self = this;
    device_ctx_[i].index = static_cast<uint8_t>(i);
    if (d.kind != DeviceKind::kSoc) server->AddDevice(d.id, d.kind, d.name, fn, &device_ctx_[i]);
  }
  return true;
}

void ConnMgr::Poll() {
  NicPdu pdu;
  while (nic_.Receive(&pdu)) {
    FrameSync f;
    for (uint32_t i = 0; i < kCameras; ++i) {
      if (!cameras_[i].IsControl(pdu) || !ParseFrameSync(pdu.data, pdu.length, &f)) continue;
      CameraStats& s = camera_stats_[i];
      ++s.syncs;
      s.last_frame = f.frame;
      s.bands_sent += f.bands_sent;
      s.bands_dropped += f.bands_dropped;
      s.tiles_sent += f.tiles_sent;
      s.cmd_seq = f.cmd_seq;
      s.cmd_drops = f.cmd_drops;
    }
    nic_.Release();
  }
  nic_.TxReclaim(nullptr);
}

uint32_t ConnMgr::CameraSlot(uint8_t d) {
  uint32_t slot = 0;
  for (uint32_t i = 0; i < d; ++i) slot += kDevices[i].kind == DeviceKind::kCamera;
  return slot;
}

void ConnMgr::WaitForSwap() {
  const uint64_t until = pegasus::fw::ReadMtime() + kWindowSwapCycles;
  while (pegasus::fw::ReadMtime() < until) Poll();
}

bool ConnMgr::Decorate(const Rect& area, const Rect* hole) {
  Rect windows[kMaxConnections];
  uint32_t n = 0;
  for (const Connection& c : conns_) {
    if (c.used && !c.audio) windows[n++] = Rect{c.x, c.y, c.w, c.h};
  }
  return decor_.PaintAround(area, hole, windows, n);
}

void ConnMgr::Flush() {
  while (nic_.TxPending() != 0) nic_.TxReclaim(nullptr);
}

bool ConnMgr::Route(uint8_t in, uint16_t vci, uint8_t out, uint16_t out_vci) {
  const SwitchOut o{out, netmgr::kVpi, out_vci};
  return switch_.Connect(in, netmgr::kVpi, vci, &o, 1) == SwitchResult::kOk;
}

int ConnMgr::FindDevice(uint16_t id, Reply* reply) const {
  for (uint32_t i = 0; i < kDeviceCount; ++i) {
    if (kDevices[i].id == id) return static_cast<int>(i);
  }
  PayloadWriter& w = reply->Fail(ErrorCode::kNoSuchDevice);
  w.Text("no device with id ");
  w.Decimal(id);
  w.Text(" (DEVICES lists the ids)");
  return -1;
}

ConnMgr::Connection* ConnMgr::FindConnection(uint16_t id, Reply* reply) {
  for (Connection& c : conns_) {
    if (c.used && c.id == id) return &c;
  }
  PayloadWriter& w = reply->Fail(ErrorCode::kNoSuchConnection);
  w.Text("no connection ");
  w.Decimal(id);
  w.Text(" (STATS of the display lists them)");
  return nullptr;
}

bool ConnMgr::CheckGeometry(int x, int y, int w, int h, Reply* reply) {
  if (w < 8 || h < 8 || w % 8 != 0 || h % 8 != 0 || w > kVideoWidth || h > kVideoHeight ||
      w / 8 > kMaxTilesX) {
    PayloadWriter& m = reply->Fail(ErrorCode::kOutOfRange);
    m.Text("a window is 8x8 to ");
    m.Decimal(kVideoWidth);
    m.Text("x");
    m.Decimal(kVideoHeight);
    m.Text(" pixels in multiples of 8, not ");
    m.Decimal(static_cast<uint32_t>(w < 0 ? 0 : w));
    m.Text("x");
    m.Decimal(static_cast<uint32_t>(h < 0 ? 0 : h));
    return false;
  }
  if (x < 0 || y < 0 || x + w > kScreenWidth || y + h > kScreenHeight) {
    PayloadWriter& m = reply->Fail(ErrorCode::kOutOfRange);
    m.Text("the window would leave the ");
    m.Decimal(kScreenWidth);
    m.Text("x");
    m.Decimal(kScreenHeight);
    m.Text(" screen: its top-left must be at 0..");
    m.Decimal(static_cast<uint32_t>(kScreenWidth - w));
    m.Text(",0..");
    m.Decimal(static_cast<uint32_t>(kScreenHeight - h));
    m.Text(" for its size");
    return false;
  }
  return true;
}

bool ConnMgr::SendWindow(const Connection& c, bool enable, Reply* reply) {
  const pegasus::fw::Window win{c.x,
                                c.y,
                                static_cast<uint16_t>(c.x),
                                static_cast<uint16_t>(c.y),
                                static_cast<uint16_t>(c.x + c.w - 1),
                                static_cast<uint16_t>(c.y + c.h - 1),
                                c.z,
                                enable};
  if (display_.SetWindow(WindowOf(c.vci), win)) return true;
  reply->Fail(ErrorCode::kDeviceFailed).Text("the NIC did not take the window command");
  return false;
}

uint16_t ConnMgr::SendCapture(const Connection& c) {
  const uint32_t tiles_x = c.w / 8u;
  const CameraCapture cap{static_cast<uint16_t>(((kVideoWidth - c.w) / 2) & ~7),
                          static_cast<uint16_t>(((kVideoHeight - c.h) / 2) & ~7),
                          static_cast<uint8_t>(tiles_x),
                          static_cast<uint8_t>(c.h / 8u),
                          TilesPerPdu(tiles_x),
                          0};
  return CameraOf(c.source).Configure(cap);
}

void ConnMgr::Connect(const Request& request, Reply* reply) {
  PayloadReader r(request.payload, request.length);
  uint16_t src = 0, sink = 0, ux = 0, uy = 0, w = 0, h = 0;
  if (request.length != 12 || !r.U16(&src) || !r.U16(&sink) || !r.U16(&ux) || !r.U16(&uy) ||
      !r.U16(&w) || !r.U16(&h)) {
    PayloadWriter& m = reply->Fail(ErrorCode::kBadRequest);
    m.Text("CONNECT wants 12 bytes (source, sink, x, y, w, h), not ");
    m.Decimal(request.length);
    return;
  }
  const int s = FindDevice(src, reply);
  if (s < 0) return;
  const int d = FindDevice(sink, reply);
  if (d < 0) return;
  const DeviceSpec& sd = kDevices[s];
  const DeviceSpec& dd = kDevices[d];
  const bool video = sd.kind == DeviceKind::kCamera && dd.kind == DeviceKind::kDisplay;
  const bool audio = sd.kind == DeviceKind::kAudio && sd.role == Role::kSource &&
                     dd.kind == DeviceKind::kAudio && dd.role == Role::kSink;
  if (!video && !audio) {
    PayloadWriter& m = reply->Fail(ErrorCode::kBadRequest);
    m.Text("CONNECT takes a camera and a display, or an audio source and an audio sink, not ");
    m.Text(sd.name);
    m.Text(" and ");
    m.Text(dd.name);
    return;
  }
  if (audio && (ux | uy | w | h) != 0) {
    reply->Fail(ErrorCode::kBadRequest)
        .Text("an audio connection has no window: x, y, w and h must be 0");
    return;
  }
  if (video && w == 0 && h == 0) {
    w = kDefaultWidth;
    h = kDefaultHeight;
  }
  const int16_t x = static_cast<int16_t>(ux), y = static_cast<int16_t>(uy);
  if (video && !CheckGeometry(x, y, w, h, reply)) return;
  // The first free slot and display window, the top of the stack, and the devices free.
  Connection* slot = nullptr;
  uint8_t top = kZMin;
  bool window_used[kDisplayWindows] = {};
  for (Connection& c : conns_) {
    if (!c.used) {
      if (slot == nullptr) slot = &c;
      continue;
    }
    if (!c.audio && c.z >= top) top = static_cast<uint8_t>(c.z < kZMax ? c.z + 1 : kZMax);
    for (uint32_t i = 0; i < kDisplayWindows; ++i) {
      if (!c.audio && c.sink == d && c.vci == kDisplayWindowVcis[i]) window_used[i] = true;
    }
    if (c.source == s || (audio && c.sink == d)) {
      const bool source = c.source == s;
      PayloadWriter& m = reply->Fail(ErrorCode::kInUse);
      m.Text(source ? sd.name : dd.name);
      m.Text(source ? "'s data VC " : "'s playout VC ");
      m.Decimal(source ? sd.data_vci : dd.data_vci);
      m.Text(" is in use by connection ");
      m.Decimal(c.id);
      return;
    }
  }
  uint16_t vci = 0;
  for (uint32_t i = 0; video && vci == 0 && i < kDisplayWindows; ++i) {
    if (!window_used[i]) vci = kDisplayWindowVcis[i];
  }
  if (video && vci == 0) {
    PayloadWriter& m = reply->Fail(ErrorCode::kInUse);
    m.Text("every window VC of ");
    m.Text(dd.name);
    m.Text(" is in use (");
    m.Decimal(kDisplayWindows);
    m.Text(" windows; DISCONNECT one)");
    return;
  }
  if (slot == nullptr) {
    reply->Fail(ErrorCode::kInUse).Text("every connection slot is in use");
    return;
  }
  // Filled in place (the firmware has no memcpy for a struct copy); used once it works.
  Connection& c = *slot;
  c.audio = audio;
  c.id = next_id_;
  c.source = static_cast<uint8_t>(s);
  c.sink = static_cast<uint8_t>(d);
  c.vci = audio ? dd.data_vci : vci;
  c.x = x;
  c.y = y;
  c.w = w;
  c.h = h;
  c.z = audio ? 0 : top;
  // The data VC: video best effort, audio in the guaranteed class.
  const SwitchOut out{dd.port, netmgr::kVpi, c.vci};
  const SwitchResult sr = switch_.Connect(sd.port, netmgr::kVpi, sd.data_vci, &out, 1, audio);
  if (sr != SwitchResult::kOk) {
    PayloadWriter& m =
        reply->Fail(sr == SwitchResult::kIndexInUse ? ErrorCode::kInUse : ErrorCode::kDeviceFailed);
    m.Text("the switch refused the data VC: ");
    m.Text(pegasus::fw::SwitchResultName(sr));
    return;
  }
  if (!audio) {
    Flush();  // room in the NIC's ring for the three commands
    if (!SendWindow(c, true, reply)) {
      switch_.Disconnect(sd.port, netmgr::kVpi, sd.data_vci);
      return;
    }
    pegasus::fw::CameraCtl& camera = CameraOf(c.source);
    if (SendCapture(c) == 0 || camera.Start() == 0) {
      display_.Enable(WindowOf(c.vci), false);
      switch_.Disconnect(sd.port, netmgr::kVpi, sd.data_vci);
      reply->Fail(ErrorCode::kDeviceFailed).Text("the NIC did not take the camera's commands");
      return;
    }
    Flush();
  }
  c.used = true;
  next_id_ = static_cast<uint16_t>(next_id_ == 0xFFFF ? 1 : next_id_ + 1);
  ++connects_;
  // The border: the window's inside is covered by the video once the window is enabled.
  const Rect win{c.x, c.y, c.w, c.h};
  if (!audio && !Decorate(win, &win)) {
    reply->Fail(ErrorCode::kDeviceFailed).Text("connected, but the NIC did not take the border");
    return;
  }
  PayloadWriter& o = reply->out();
  o.U16(c.id);
  o.U8(audio ? 0 : WindowOf(c.vci));  // an audio connection has no window
  o.U16(c.w);
  o.U16(c.h);
}

void ConnMgr::Disconnect(const Request& request, Reply* reply) {
  PayloadReader r(request.payload, request.length);
  uint16_t id = 0;
  if (request.length != 2 || !r.U16(&id)) {
    reply->Fail(ErrorCode::kBadRequest).Text("DISCONNECT wants a 2-byte connection id");
    return;
  }
  Connection* c = FindConnection(id, reply);
  if (c == nullptr) return;
  const DeviceSpec& sd = kDevices[c->source];
  bool sent = true;
  if (!c->audio) {
    Flush();
    sent = CameraOf(c->source).Stop() != 0 && display_.Enable(WindowOf(c->vci), false);
    Flush();
  }
  const SwitchResult sr = switch_.Disconnect(sd.port, netmgr::kVpi, sd.data_vci);
  c->used = false;
  ++disconnects_;
  if (!c->audio && sent) {
    // The window is gone at the display's next frame: then its area shows the
    // decorations again.
    WaitForSwap();
    sent = Decorate(Rect{c->x, c->y, c->w, c->h}, nullptr);
  }
  if (!sent || sr != SwitchResult::kOk) {
    PayloadWriter& m = reply->Fail(ErrorCode::kDeviceFailed);
    m.Text("connection removed, but ");
    m.Text(sent ? "the switch did not remove its route: " : "the NIC did not take a command");
    if (sent) m.Text(pegasus::fw::SwitchResultName(sr));
    return;
  }
  reply->out().U16(id);
}

void ConnMgr::Window(const Request& request, Reply* reply) {
  PayloadReader r(request.payload, request.length);
  uint16_t id = 0, a = 0, b = 0;
  uint8_t op = 0;
  if (request.length != 7 || !r.U16(&id) || !r.U8(&op) || !r.U16(&a) || !r.U16(&b)) {
    PayloadWriter& m = reply->Fail(ErrorCode::kBadRequest);
    m.Text("WINDOW wants 7 bytes (connection, operation, two values), not ");
    m.Decimal(request.length);
    return;
  }
  using pegasus::hcp::WindowOp;
  if (op < static_cast<uint8_t>(WindowOp::kMove) || op > static_cast<uint8_t>(WindowOp::kRaise)) {
    PayloadWriter& m = reply->Fail(ErrorCode::kBadRequest);
    m.Text("WINDOW operation 1 move, 2 resize or 3 raise, not ");
    m.Decimal(op);
    return;
  }
  Connection* found = FindConnection(id, reply);
  if (found == nullptr) return;
  if (found->audio) {
    PayloadWriter& m = reply->Fail(ErrorCode::kBadRequest);
    m.Text("connection ");
    m.Decimal(id);
    m.Text(" is an audio connection: it has no window");
    return;
  }
  // Changed in place, and put back when the request fails.
  Connection& c = *found;
  const int16_t old_x = c.x, old_y = c.y;
  const uint16_t old_w = c.w, old_h = c.h;
  const uint8_t old_z = c.z;
  const auto restore = [&] {
    c.x = old_x;
    c.y = old_y;
    c.w = old_w;
    c.h = old_h;
    c.z = old_z;
  };
  if (op == static_cast<uint8_t>(WindowOp::kMove)) {
    c.x = static_cast<int16_t>(a);
    c.y = static_cast<int16_t>(b);
  } else if (op == static_cast<uint8_t>(WindowOp::kResize)) {
    c.w = a;
    c.h = b;
  } else {
    for (const Connection& o : conns_) {
      if (o.used && !o.audio && o.id != c.id && o.z >= c.z) {
        c.z = static_cast<uint8_t>(o.z < kZMax ? o.z + 1 : kZMax);
      }
    }
  }
  if (!CheckGeometry(c.x, c.y, c.w, c.h, reply)) {
    restore();
    return;
  }
  Flush();
  if (!SendWindow(c, true, reply)) {
    restore();
    return;
  }
  if (op == static_cast<uint8_t>(WindowOp::kResize) && SendCapture(c) == 0) {
    restore();
    SendWindow(c, true, reply);
    reply->Fail(ErrorCode::kDeviceFailed).Text("the NIC did not take the camera's command");
    return;
  }
  Flush();
  ++window_changes_;
  if (op != static_cast<uint8_t>(WindowOp::kRaise)) {
    // Once the display has the new window: the border around it, and the decorations
    // over what the window left (its old border and the video drawn there).
    WaitForSwap();
    const Rect now{c.x, c.y, c.w, c.h};
    if (!Decorate(Rect{old_x, old_y, old_w, old_h}, &now) || !Decorate(now, &now)) {
      reply->Fail(ErrorCode::kDeviceFailed)
          .Text("the window changed, but the NIC did not take its border");
      return;
    }
  }
  PayloadWriter& o = reply->out();
  o.U16(c.id);
  o.U16(static_cast<uint16_t>(c.x));
  o.U16(static_cast<uint16_t>(c.y));
  o.U16(c.w);
  o.U16(c.h);
  o.U8(c.z);
}

void ConnMgr::OnConnect(void* ctx, const Request& request, Reply* reply) {
  static_cast<ConnMgr*>(ctx)->Connect(request, reply);
}
void ConnMgr::OnDisconnect(void* ctx, const Request& request, Reply* reply) {
  static_cast<ConnMgr*>(ctx)->Disconnect(request, reply);
}
void ConnMgr::OnWindow(void* ctx, const Request& request, Reply* reply) {
  static_cast<ConnMgr*>(ctx)->Window(request, reply);
}

void ConnMgr::SwitchStats(void* ctx, HcpStats* stats) {
  const ConnMgr* self = static_cast<const DeviceCtx*>(ctx)->self;
  char name[kNameBytes];
  stats->Add("ports", self->switch_.ports());
  // A port with no device is listed only when a counter is not 0: 8 ports of 4
  // counters would not fit in one response.
  for (uint32_t p = 0; p < self->switch_.ports(); ++p) {
    const DeviceSpec* device = nullptr;
    for (const DeviceSpec& d : kDevices) {
      if (d.port == p && d.kind != DeviceKind::kSoc) {
        device = &d;
        break;
      }
    }
    SwitchPortCounters c;
    self->switch_.ReadCounters(p, &c);
    const uint32_t drops = c.drop_no_vc + c.drop_format + c.drop_full + c.drop_clp;
    if (device == nullptr && (c.in | c.out | drops) == 0) continue;
    if (device != nullptr) stats->Add(Name(name, "port", p, ".device"), device->id);
    stats->Add(Name(name, "port", p, ".in"), c.in);
    stats->Add(Name(name, "port", p, ".out"), c.out);
    stats->Add(Name(name, "port", p, ".drops"),
               uint64_t{c.drop_no_vc} + c.drop_format + c.drop_full + c.drop_clp);
  }
}

void ConnMgr::CameraStatsFn(void* ctx, HcpStats* stats) {
  const DeviceCtx* dc = static_cast<const DeviceCtx*>(ctx);
  const ConnMgr* self = dc->self;
  const CameraStats& s = self->camera_stats_[CameraSlot(dc->index)];
  uint32_t streaming = 0;
  for (const Connection& c : self->conns_) streaming += c.used && c.source == dc->index;
  stats->Add("streaming", streaming);
  stats->Add("frame_syncs", s.syncs);
  stats->Add("frame", s.last_frame);
  stats->Add("bands_sent", s.bands_sent);
  stats->Add("bands_dropped", s.bands_dropped);
  stats->Add("tiles_sent", s.tiles_sent);
  stats->Add("cmd_seq", s.cmd_seq);
  stats->Add("cmd_drops", s.cmd_drops);
}

void ConnMgr::DisplayStats(void* ctx, HcpStats* stats) {
  const DeviceCtx* dc = static_cast<const DeviceCtx*>(ctx);
  const ConnMgr* self = dc->self;
  char name[kNameBytes];
  uint32_t n = 0;
  for (const Connection& c : self->conns_) n += c.used && !c.audio && c.sink == dc->index;
  stats->Add("connections", n);
  stats->Add("connects", self->connects_);
  stats->Add("disconnects", self->disconnects_);
  stats->Add("window_changes", self->window_changes_);
  for (const Connection& c : self->conns_) {
    if (!c.used || c.audio || c.sink != dc->index) continue;
    stats->Add(Name(name, "conn", c.id, ".source"), kDevices[c.source].id);
    stats->Add(Name(name, "conn", c.id, ".window"), WindowOf(c.vci));
    stats->Add(Name(name, "conn", c.id, ".x"), static_cast<uint16_t>(c.x));
    stats->Add(Name(name, "conn", c.id, ".y"), static_cast<uint16_t>(c.y));
    stats->Add(Name(name, "conn", c.id, ".w"), c.w);
    stats->Add(Name(name, "conn", c.id, ".h"), c.h);
    stats->Add(Name(name, "conn", c.id, ".z"), c.z);
  }
}

void ConnMgr::AudioStats(void* ctx, HcpStats* stats) {
  const DeviceCtx* dc = static_cast<const DeviceCtx*>(ctx);
  const ConnMgr* self = dc->self;
  const DeviceSpec& d = kDevices[dc->index];
  uint32_t connection = 0;
  for (const Connection& c : self->conns_) {
    if (c.used && c.audio && (c.source == dc->index || c.sink == dc->index)) connection = c.id;
  }
  SwitchPortCounters c;
  self->switch_.ReadCounters(d.port, &c);
  stats->Add("connection", connection);
  stats->Add("port", d.port);
  stats->Add("cells_in", c.in);    // cells the device sent into the switch
  stats->Add("cells_out", c.out);  // cells the switch sent to it
  stats->Add("drops", uint64_t{c.drop_no_vc} + c.drop_format + c.drop_full + c.drop_clp);
}

void ConnMgr::NicStats(void*, HcpStats* stats) {
  using pegasus::fw::Nic;
  stats->Add("tx_pdus", Nic::Reg(PEGASUS_NIC_TX_PDUS));
  stats->Add("rx_pdus", Nic::Reg(PEGASUS_NIC_RX_PDUS));
}

}  // namespace pegasusd
