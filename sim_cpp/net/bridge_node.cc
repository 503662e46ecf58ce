#include "sim_cpp/net/bridge_node.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

namespace pegasus::net {
namespace {

// Polls a closing connection may take to send its answer and see the client close.
constexpr int kLingerPolls = 64;

// PDUs a reassembler has dropped (every reason that loses a whole PDU).
uint64_t PduDrops(const atm::Aal5Counters& c) {
  return c.drop_crc + c.drop_length + c.drop_oversize + c.drop_timeout + c.drop_buffer;
}

uint32_t VcKey(uint32_t vpi, uint32_t vci) { return (vpi << 16) | vci; }

// A reassembler for one VC (its only context), taking PDUs up to AAL5's largest.
std::unique_ptr<atm::Aal5Reassembler> OpenVc(uint8_t vpi, uint16_t vci, uint64_t timeout) {
  atm::Aal5ReassemblerConfig rc;
  rc.index_bits = 0;
  rc.num_cells = atm::Aal5CellCount(atm::kAal5MaxPduBytes);
  rc.timeout_ticks = timeout;
  auto r = std::make_unique<atm::Aal5Reassembler>(rc);
  (void)r->Open(vpi, vci);  // cannot fail: the only context
  return r;
}

}  // namespace

BridgeNode::BridgeNode(const std::string& name, const BridgeConfig& config)
    : Node(name, NodeKind::kBridge, 1), config_(config) {}

BridgeNode::~BridgeNode() {
  CloseClient();
}

Result<std::unique_ptr<BridgeNode>> BridgeNode::Create(const std::string& name,
                                                       const BridgeConfig& config) {
  if (config.poll_cycles == 0) return Status::InvalidArgument(name + ": poll_cycles must be >= 1");
  if (config.accept.size() > config.max_vcs) {
    return Status::InvalidArgument(name + ": " + std::to_string(config.accept.size()) +
                                   " VCs to accept, more than max_vcs (" +
                                   std::to_string(config.max_vcs) + ")");
  }
  std::unique_ptr<BridgeNode> node(new BridgeNode(name, config));
  for (const auto& [vpi, vci] : config.accept) {
    node->vcs_[VcKey(vpi, vci)].reasm = OpenVc(vpi, vci, config.reasm_timeout_cycles);
  }

  const std::string err = node->listener_.Listen(config.tcp_port);
  if (!err.empty()) return Status::IoError(name + ": " + err);
  return node;
}

void BridgeNode::Run(uint64_t start, uint64_t n) {
  if (start >= next_poll_) {
    Poll(start);
    next_poll_ = start + config_.poll_cycles;
  }
  LinkPort& lp = port(0);
  for (uint64_t c = start; c < start + n; ++c) {
    lp.Cycle(c);
    if (!tx_cells_.empty() && lp.TxReady()) {
      lp.Transmit(tx_cells_.front());
      tx_cells_.pop_front();
      ++stats_.cells_to_link;
    }
    while (!lp.RxEmpty()) {
      TakeCell(lp.RxFront(), c);
      lp.RxPop();
    }
  }
}

void BridgeNode::Poll(uint64_t now) {
  for (auto& [key, vc] : vcs_) {
    const uint64_t before = PduDrops(vc.reasm->counters());
    vc.reasm->Sweep(now);
    lost_ += static_cast<uint32_t>(PduDrops(vc.reasm->counters()) - before);
  }
  if (client_ < 0) Accept();
  if (client_ < 0) return;
  if (!closing_) ReadClient();
  Flush();
  if (!closing_ || client_ < 0) return;
  // Closing: once the answer is out, shut the sending side and drain until the client
  // closes (or gives up reading).
  if (out_pos_ == out_.size() && !shut_) {
    ::shutdown(client_, SHUT_WR);
    shut_ = true;
  }
  uint8_t buf[16384];
  ssize_t r = 1;
  for (int i = 0; i < 64 && r > 0; ++i) r = ::recv(client_, buf, sizeof buf, 0);
  const bool eof = r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
  if ((eof && shut_) || ++linger_polls_ > kLingerPolls) CloseClient();
}

void BridgeNode::Accept() {
  client_ = listener_.Accept();
  if (client_ < 0) return;  // nobody waiting
  ++stats_.clients;
  decoder_ = std::make_unique<bridge::Decoder>(bridge::kMaxBodyToBridge);
  closing_ = shut_ = false;
  linger_polls_ = 0;
  lost_ = 0;
  out_.clear();
  out_pos_ = 0;
  const auto hello = bridge::EncodeHello(bridge::Hello{bridge::kMaxPduBytes, name()});
  out_.insert(out_.end(), hello.begin(), hello.end());
}

void BridgeNode::ReadClient() {
  uint8_t buf[65536];
  for (;;) {
    // Frames already received first, while there is room for what they make.
    while (!closing_ && tx_cells_.size() < config_.tx_queue_cells &&
           out_.size() - out_pos_ < config_.host_queue_bytes) {
      const bridge::Decoder::Event e = decoder_->Next();
      if (e == bridge::Decoder::Event::kNeed) break;
      if (e == bridge::Decoder::Event::kError) {
        Refuse(decoder_->error());
      } else {
        TakeFrame();
      }
    }
    if (closing_ || tx_cells_.size() >= config_.tx_queue_cells ||
        out_.size() - out_pos_ >= config_.host_queue_bytes) {
      return;  // full: the rest waits in the socket
    }
    const ssize_t r = ::recv(client_, buf, sizeof buf, 0);
    if (r > 0) {
      decoder_->Push(std::span<const uint8_t>(buf, static_cast<size_t>(r)));
      continue;
    }
    if (r < 0 && errno == EINTR) continue;
    if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    // The client's sending side ended (or the connection failed).
    if (r == 0 && decoder_->pending() > 0) {
      Refuse(bridge::ErrorMessage{bridge::ErrorCode::kTruncated, 0, decoder_->frames() + 1,
                                  "the connection's sending side ended " +
                                      std::to_string(decoder_->pending()) + " bytes into a frame"});
      return;
    }
    if (r == 0 && out_pos_ < out_.size()) {  // answer what was asked, then close
      closing_ = true;
      return;
    }
    CloseClient();
    return;
  }
}

void BridgeNode::TakeFrame() {
  const uint8_t type = decoder_->type();
  const uint32_t frame = decoder_->frames();
  if (type == bridge::kTypePduSend) {
    auto p = bridge::ParsePdu(decoder_->body(), false);
    if (!p.ok()) {
      Refuse({bridge::ErrorCode::kMalformed, type, frame, p.status().message()});
      return;
    }
    const auto cells = atm::Aal5Segment(p->payload, p->vpi, p->vci, p->uu, p->clp);
    tx_cells_.insert(tx_cells_.end(), cells.begin(), cells.end());
    ++stats_.pdus_from_host;
  } else if (type == bridge::kTypeHello) {
    auto h = bridge::ParseHello(decoder_->body());
    if (!h.ok()) {
      Refuse({bridge::ErrorCode::kMalformed, type, frame, h.status().message()});
      return;
    }
    ++stats_.hellos;
  } else {
    Refuse(
        {bridge::ErrorCode::kUnknownType, type, frame,
         "message type " + std::to_string(type) + ": the bridge takes HELLO (1) and PDU_SEND (2)"});
  }
}

void BridgeNode::Refuse(const bridge::ErrorMessage& error) {
  const size_t code = static_cast<size_t>(error.code);
  if (code < stats_.refused.size()) ++stats_.refused[code];
  const auto frame = bridge::EncodeError(error);
  out_.insert(out_.end(), frame.begin(), frame.end());
  if (bridge::ErrorCloses(error.code)) {
    closing_ = true;
    linger_polls_ = 0;
  }
}

void BridgeNode::Flush() {
  while (client_ >= 0 && out_pos_ < out_.size()) {
    const ssize_t w = ::send(client_, out_.data() + out_pos_, out_.size() - out_pos_, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    if (w < 0) {
      CloseClient();
      return;
    }
    out_pos_ += static_cast<size_t>(w);
  }
  if (out_pos_ == out_.size()) {
    out_.clear();
    out_pos_ = 0;
  } else if (out_pos_ > (1u << 16) && out_pos_ * 2 > out_.size()) {
    out_.erase(out_.begin(), out_.begin() + static_cast<std::ptrdiff_t>(out_pos_));
    out_pos_ = 0;
  }
}

void BridgeNode::CloseClient() {
  if (client_ >= 0) ::close(client_);
  client_ = -1;
  closing_ = shut_ = false;
  decoder_.reset();
  out_.clear();
  out_pos_ = 0;
}

void BridgeNode::TakeCell(const atm::Cell& cell, uint64_t c) {
  ++stats_.cells_from_link;
  const uint32_t key = VcKey(cell.vpi(), cell.vci());
  auto it = vcs_.find(key);
  if (it == vcs_.end()) {
    if (!config_.accept.empty() || vcs_.size() >= config_.max_vcs) {
      ++stats_.cells_not_accepted;
      return;
    }
    it = vcs_.emplace(key,
                      Vc{OpenVc(static_cast<uint8_t>(cell.vpi()), static_cast<uint16_t>(cell.vci()),
                                config_.reasm_timeout_cycles),
                         false})
             .first;
  }
  Vc& vc = it->second;
  const bool user = !(cell.pti() & atm::kPtiNotUser);
  if (user) vc.clp = vc.clp || cell.clp();
  const uint64_t before = PduDrops(vc.reasm->counters());
  vc.reasm->Push(cell, c);
  lost_ += static_cast<uint32_t>(PduDrops(vc.reasm->counters()) - before);
  while (auto pdu = vc.reasm->Pop()) Deliver(*pdu, cell, vc.clp, c);
  if (user && (cell.pti() & atm::kPtiAuu)) vc.clp = false;
}

void BridgeNode::Deliver(const atm::Aal5Pdu& pdu, const atm::Cell& last, bool clp, uint64_t c) {
  if (client_ < 0 || closing_) {
    ++stats_.drop_no_client;
    return;
  }
  bridge::PduMessage m;
  m.vpi = pdu.vpi;
  m.vci = pdu.vci;
  m.clp = clp;
  m.uu = pdu.uu;
  m.cpi = atm::Aal5Trailer::FromCell(last).cpi;
  m.cycle = c;
  m.lost = lost_;
  m.payload = pdu.data;
  const auto frame = bridge::EncodePdu(m, true);
  if (out_.size() - out_pos_ + frame.size() > config_.host_queue_bytes) {
    ++stats_.drop_host_slow;
    ++lost_;
    return;
  }
  out_.insert(out_.end(), frame.begin(), frame.end());
  lost_ = 0;
  ++stats_.pdus_to_host;
}

BridgeStats BridgeNode::stats() const {
  BridgeStats s = stats_;
  for (const auto& [key, vc] : vcs_) {
    const atm::Aal5Counters& c = vc.reasm->counters();
    s.reasm.pdus += c.pdus;
    s.reasm.drop_crc += c.drop_crc;
    s.reasm.drop_length += c.drop_length;
    s.reasm.drop_oversize += c.drop_oversize;
    s.reasm.drop_timeout += c.drop_timeout;
    s.reasm.drop_buffer += c.drop_buffer;
    s.reasm.drop_no_context += c.drop_no_context;
    s.reasm.drop_not_user += c.drop_not_user;
  }
  return s;
}

std::string BridgeNode::Stats() const {
  const BridgeStats s = stats();
  std::ostringstream o;
  o << "bridge on 127.0.0.1:" << listener_.port() << ": clients " << s.clients << "; from the host "
    << s.pdus_from_host << " PDUs, " << s.cells_to_link << " cells sent; from the link "
    << s.cells_from_link << " cells, " << s.reasm.pdus << " PDUs reassembled, " << s.pdus_to_host
    << " to the host; drops: no client " << s.drop_no_client << ", host slow " << s.drop_host_slow
    << ", CRC " << s.reasm.drop_crc << ", length " << s.reasm.drop_length << ", oversize "
    << s.reasm.drop_oversize << ", timeout " << s.reasm.drop_timeout << ", VC not accepted "
    << s.cells_not_accepted << " cells, OAM " << s.reasm.drop_not_user
    << " cells; frames refused: bad magic " << s.refused[1] << ", bad version " << s.refused[2]
    << ", oversize " << s.refused[3] << ", unknown type " << s.refused[4] << ", malformed "
    << s.refused[5] << ", truncated " << s.refused[6];
  return o.str();
}

}  // namespace pegasus::net
