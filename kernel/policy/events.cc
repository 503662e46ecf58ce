// Event counts and channels; the rules are stated in events.h.
#include "kernel/policy/events.h"

namespace pegasus::kernel {

const char* EventErrorText(EventError e) {
  switch (e) {
    case EventError::kOk: return "ok";
    case EventError::kBadEndpoint: return "no such domain or endpoint";
    case EventError::kInUse: return "endpoint already in use";
    case EventError::kNotTransmit: return "not a connected transmit endpoint";
    case EventError::kNotReceive: return "not a receive endpoint";
  }
  return "?";
}

EventError EventTable::Connect(int tx_dom, int tx_ep, int rx_dom, int rx_ep) {
  if (!InRange(tx_dom, tx_ep) || !InRange(rx_dom, rx_ep)) return EventError::kBadEndpoint;
  if (tx_dom == rx_dom && tx_ep == rx_ep) return EventError::kBadEndpoint;
  Endpoint& tx = ep_[tx_dom][tx_ep];
  Endpoint& rx = ep_[rx_dom][rx_ep];
  if (tx.kind != Kind::kFree || rx.kind != Kind::kFree) return EventError::kInUse;
  tx = {Kind::kTransmit, static_cast<int8_t>(rx_dom), static_cast<int8_t>(rx_ep), 0};
  rx = {Kind::kReceive, static_cast<int8_t>(tx_dom), static_cast<int8_t>(tx_ep), 0};
  rx_mask_[rx_dom] |= static_cast<uint8_t>(1u << rx_ep);
  return EventError::kOk;
}

EventError EventTable::BindReceive(int dom, int ep) {
  if (!InRange(dom, ep)) return EventError::kBadEndpoint;
  Endpoint& rx = ep_[dom][ep];
  if (rx.kind != Kind::kFree) return EventError::kInUse;
  rx = {Kind::kReceive, -1, -1, 0};
  rx_mask_[dom] |= static_cast<uint8_t>(1u << ep);
  return EventError::kOk;
}

void EventTable::ReleaseDomain(int dom) {
  if (dom < 0 || dom >= kMaxDomains) return;
  for (int e = 0; e < kMaxEndpoints; ++e) {
    Endpoint& mine = ep_[dom][e];
    if (mine.peer_dom >= 0) {
      Endpoint& peer = ep_[mine.peer_dom][mine.peer_ep];
      // The peer keeps its kind and count but loses the channel: sends fail from
      // now on, and a receive end simply hears nothing more.
      peer.peer_dom = -1;
      peer.peer_ep = -1;
    }
    mine = Endpoint{};
  }
  rx_mask_[dom] = 0;
}

EventError EventTable::Send(int dom, int ep, Delivery* out) {
  if (!InRange(dom, ep)) {
    *out = Delivery{};
    return EventError::kBadEndpoint;
  }
  Endpoint& tx = ep_[dom][ep];
  if (tx.kind != Kind::kTransmit || tx.peer_dom < 0) {
    *out = Delivery{};
    return EventError::kNotTransmit;
  }
  const uint32_t count = tx.count + 1;
  tx.count = count;
  ep_[tx.peer_dom][tx.peer_ep].count = count;
  out->domain = tx.peer_dom;
  out->endpoint = tx.peer_ep;
  out->count = count;
  return EventError::kOk;
}

EventError EventTable::Raise(int dom, int ep, uint32_t* count) {
  if (!InRange(dom, ep)) return EventError::kBadEndpoint;
  Endpoint& rx = ep_[dom][ep];
  if (rx.kind != Kind::kReceive) return EventError::kNotReceive;
  *count = ++rx.count;
  return EventError::kOk;
}

bool EventTable::Pending(int dom, const uint32_t* acked) const {
  for (uint32_t m = rx_mask_[dom], e = 0; m != 0; m >>= 1, ++e)
    if ((m & 1) && ep_[dom][e].count != acked[e]) return true;
  return false;
}

}  // namespace pegasus::kernel
