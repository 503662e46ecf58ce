// BridgeNode: the host bridge port. One link port (0) to a switch port; its other side
// is a TCP server on 127.0.0.1 for one client at a time, so host processes send and
// receive AAL5 PDUs on the simulated network (protocol: doc/wire_formats.md, "Host
// bridge protocol"; codec host/bridge/bridge_codec.h, client bridge_client.h).
//
// From the socket: each PDU_SEND is segmented into AAL5 cells by host/atm's segmenter
// (Aal5Segment: GFC 0, its VPI/VCI/CLP/UU) and the cells go onto the link at line
// rate (whenever the link transmitter takes one). From the link: cells are
// reassembled per VC by host/atm's reassembler (every VC, up to max_vcs of them, or a
// configured set) and each complete PDU goes to the client as PDU_RECEIVED with its
// VPI/VCI, CLP, UU, CPI, the cycle its last cell arrived and how many PDUs the client
// lost since the one before. PDUs with a CRC or Length error (or too long, timed out)
// are counted by reason and not forwarded; the next PDU_RECEIVED's `lost` shows them.
//
// The socket is touched only at quantum boundaries, every poll_cycles cycles (the
// first boundary at or after), non-blocking, so the node costs the network nothing
// per cycle but a link port's work, and both runners (plain and SystemC) see the same
// bytes at the same cycles. Queues are bounded, so a slow or absent client never
// stalls the network: cells from the host wait in a queue of tx_queue_cells (the
// socket is not read while it is full: TCP holds the client back); frames for the
// host wait in host_queue_bytes, and a PDU that finds it full, or no client, is
// dropped and counted. A bad frame from the client is answered with ERROR and either
// skipped or, when the stream cannot be trusted any more, the connection is closed
// after the answer; the network sees nothing of it.
//
// sim_cpp/bfm/uart_tcp.h's UartTcp bridges a byte stream; the bridge needs frames kept
// whole (a byte queue that drops when full would cut them) and back-pressure on its
// input, so it keeps its own socket.
#ifndef PEGASUS_SIM_CPP_NET_BRIDGE_NODE_H_
#define PEGASUS_SIM_CPP_NET_BRIDGE_NODE_H_

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "host/atm/aal5.h"
#include "host/bridge/bridge_codec.h"
#include "host/common/status.h"
#include "sim_cpp/bfm/tcp_listener.h"
#include "sim_cpp/net/node.h"

namespace pegasus::net {

struct BridgeConfig {
  // TCP port on 127.0.0.1; 0: a free one (BridgeNode::tcp_port() says which).
  uint16_t tcp_port = 0;
  // Cycles between two polls of the socket (at the first quantum boundary at or after).
  uint64_t poll_cycles = 4096;
  // VCs reassembled from the link (VPI, VCI); empty: every VC, up to max_vcs of them
  // (cells of further VCs are counted and dropped).
  std::vector<std::pair<uint8_t, uint16_t>> accept;
  size_t max_vcs = 256;
  // Cells from the host waiting for the link; the socket is not read while this many
  // wait (a PDU in hand is queued whole, so up to one PDU's cells more).
  size_t tx_queue_cells = 4096;
  // Bytes of frames waiting for the client; a PDU_RECEIVED that does not fit is
  // dropped (counted). Frames from the client are not taken while it is full.
  size_t host_queue_bytes = 1 << 20;
  // A partial PDU with no cell for this many cycles is dropped (timeout).
  uint64_t reasm_timeout_cycles = 1'000'000;
};

struct BridgeStats {
  uint64_t clients = 0;             // connections accepted
  uint64_t pdus_from_host = 0;      // PDU_SEND taken and segmented
  uint64_t cells_to_link = 0;       // cells handed to the link transmitter
  uint64_t cells_from_link = 0;     // cells the link delivered
  uint64_t pdus_to_host = 0;        // PDU_RECEIVED queued for the client
  uint64_t drop_no_client = 0;      // PDUs reassembled with no client connected
  uint64_t drop_host_slow = 0;      // PDUs that found the host queue full
  uint64_t cells_not_accepted = 0;  // cells of a VC not reassembled
  atm::Aal5Counters reasm;          // the reassemblers' counters, summed over the VCs
  uint64_t hellos = 0;              // HELLO from clients
  // Frames refused, by bridge::ErrorCode (index = code).
  std::array<uint64_t, 7> refused{};
};

class BridgeNode : public Node {
 public:
  // Listens on 127.0.0.1:tcp_port; refuses a port it cannot bind and an accept set
  // longer than max_vcs.
  static Result<std::unique_ptr<BridgeNode>> Create(const std::string& name,
                                                    const BridgeConfig& config);
  ~BridgeNode() override;

  uint16_t tcp_port() const { return listener_.port(); }
  bool connected() const { return client_ >= 0; }

  void Run(uint64_t start, uint64_t n) override;
  std::string Stats() const override;
  BridgeStats stats() const;
  const BridgeConfig& config() const { return config_; }
  // Cells from the host still waiting for the link.
  size_t cells_queued() const { return tx_cells_.size(); }

 private:
  struct Vc {
    std::unique_ptr<atm::Aal5Reassembler> reasm;
    bool clp = false;  // a cell of the PDU in progress had CLP set
  };

  BridgeNode(const std::string& name, const BridgeConfig& config);
  void Poll(uint64_t now);
  void Accept();
  void ReadClient();
  void TakeFrame();
  void Refuse(const bridge::ErrorMessage& error);
  void Flush();
  void CloseClient();
  void TakeCell(const atm::Cell& cell, uint64_t c);
  void Deliver(const atm::Aal5Pdu& pdu, const atm::Cell& last, bool clp, uint64_t c);

  BridgeConfig config_;
  sim::TcpListener listener_;
  int client_ = -1;
  uint64_t next_poll_ = 0;
  // After an error that closes: the answer is flushed, the sending side shut down,
  // and what the client still sends is read and discarded until it closes too (so
  // the close does not reset the connection before the answer is read).
  bool closing_ = false;
  bool shut_ = false;
  int linger_polls_ = 0;

  std::unique_ptr<bridge::Decoder> decoder_;
  std::deque<atm::Cell> tx_cells_;
  std::vector<uint8_t> out_;  // frames for the client
  size_t out_pos_ = 0;
  uint32_t lost_ = 0;  // PDUs lost since the last PDU_RECEIVED of this connection

  std::map<uint32_t, Vc> vcs_;  // by VPI << 16 | VCI
  BridgeStats stats_;
};

}  // namespace pegasus::net

#endif  // PEGASUS_SIM_CPP_NET_BRIDGE_NODE_H_
