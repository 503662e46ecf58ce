#include "host/atm/aal5.h"

#include <algorithm>
#include <string>

#include "host/common/crc.h"

namespace pegasus::atm {

namespace {

// Bytes of an oversize PDU that the RTL segmenter still sends: the whole words that fit.
constexpr size_t kAbortKeptBytes = kAal5MaxPduBytes / 4 * 4;

}  // namespace

std::vector<Cell> Aal5Segment(std::span<const uint8_t> pdu, uint8_t vpi, uint16_t vci,
                              uint8_t uu, bool clp) {
  const bool abort = pdu.size() > kAal5MaxPduBytes;
  const size_t kept = abort ? kAbortKeptBytes : pdu.size();
  const uint16_t length = abort ? 0 : static_cast<uint16_t>(pdu.size());
  const size_t ncells = Aal5CellCount(kept);
  std::vector<uint8_t> bytes(ncells * kPayloadBytes, 0);
  std::copy_n(pdu.begin(), kept, bytes.begin());
  const size_t t = bytes.size() - kAal5TrailerBytes;
  bytes[t + 0] = uu;
  bytes[t + 1] = 0;  // CPI
  bytes[t + 2] = static_cast<uint8_t>(length >> 8);
  bytes[t + 3] = static_cast<uint8_t>(length);
  const uint32_t crc = Crc32Aal5Of(std::span<const uint8_t>(bytes.data(), t + 4));
  for (int i = 0; i < 4; ++i) bytes[t + 4 + i] = static_cast<uint8_t>(crc >> (24 - 8 * i));

  std::vector<Cell> cells(ncells);
  for (size_t c = 0; c < ncells; ++c) {
    const uint32_t pti = (c + 1 == ncells) ? kPtiAuu : 0;
    cells[c].header = Cell::MakeHeader(0, vpi, vci, pti, clp);
    std::copy_n(bytes.begin() + c * kPayloadBytes, kPayloadBytes, cells[c].payload.begin());
  }
  return cells;
}

Aal5Trailer Aal5Trailer::FromCell(const Cell& cell) {
  const auto& p = cell.payload;
  Aal5Trailer t;
  t.uu = p[40];
  t.cpi = p[41];
  t.length = static_cast<uint16_t>((p[42] << 8) | p[43]);
  t.crc = (uint32_t{p[44]} << 24) | (uint32_t{p[45]} << 16) | (uint32_t{p[46]} << 8) | p[47];
  return t;
}

Aal5Reassembler::Aal5Reassembler(const Aal5ReassemblerConfig& config)
    : config_(config), contexts_(size_t{1} << config.index_bits) {}

void Aal5Reassembler::Abandon(Context& ctx) {
  cells_in_use_ -= ctx.cells.size();
  ctx.cells.clear();
  ctx.state = State::kIdle;
}

Status Aal5Reassembler::Open(uint8_t vpi, uint16_t vci) {
  Context& ctx = contexts_[IndexOf(vci)];
  Abandon(ctx);
  ctx.open = true;
  ctx.vpi = vpi;
  ctx.vci = vci;
  return Status::Ok();
}

Status Aal5Reassembler::Close(uint8_t vpi, uint16_t vci) {
  Context& ctx = contexts_[IndexOf(vci)];
  if (!ctx.open || ctx.vpi != vpi || ctx.vci != vci) {
    return Status::NotFound("AAL5 close: VC " + std::to_string(vpi) + "/" +
                            std::to_string(vci) + " is not open");
  }
  Abandon(ctx);
  ctx.open = false;
  return Status::Ok();
}

void Aal5Reassembler::Push(const Cell& cell, uint64_t now) {
  if (cell.pti() & kPtiNotUser) {
    ++counters_.drop_not_user;
    return;
  }
  Context& ctx = contexts_[IndexOf(static_cast<uint16_t>(cell.vci()))];
  if (!ctx.open || ctx.vpi != cell.vpi() || ctx.vci != cell.vci()) {
    ++counters_.drop_no_context;
    return;
  }
  const bool end = cell.pti() & kPtiAuu;
  ctx.stamp = now;
  if (ctx.state == State::kDiscard) {
    if (end) ctx.state = State::kIdle;
    return;
  }
  const size_t ncells = ctx.cells.size() + 1;
  const bool over = ncells * kPayloadBytes > config_.max_pdu_bytes + 55;
  const bool full = cells_in_use_ >= config_.num_cells;
  if (over || full) {
    ++(over ? counters_.drop_oversize : counters_.drop_buffer);
    Abandon(ctx);
    ctx.state = end ? State::kIdle : State::kDiscard;
    return;
  }
  ctx.cells.push_back(cell);
  ++cells_in_use_;
  ctx.state = State::kActive;
  if (!end) return;

  Crc32Aal5 crc;
  for (const Cell& c : ctx.cells) crc.Update(c.payload);
  const Aal5Trailer trailer = Aal5Trailer::FromCell(cell);
  const size_t fill = trailer.length + kAal5TrailerBytes;
  const bool length_ok = fill <= ncells * kPayloadBytes && fill > (ncells - 1) * kPayloadBytes;
  if (!crc.ResidueOk()) {
    ++counters_.drop_crc;
  } else if (!length_ok) {
    ++counters_.drop_length;
  } else if (trailer.length > config_.max_pdu_bytes) {
    ++counters_.drop_oversize;
  } else {
    Aal5Pdu pdu;
    pdu.vpi = ctx.vpi;
    pdu.vci = ctx.vci;
    pdu.index = IndexOf(ctx.vci);
    pdu.uu = trailer.uu;
    pdu.data.reserve(trailer.length);
    for (const Cell& c : ctx.cells) {
      const size_t n = std::min<size_t>(kPayloadBytes, trailer.length - pdu.data.size());
      pdu.data.insert(pdu.data.end(), c.payload.begin(), c.payload.begin() + n);
      if (pdu.data.size() == trailer.length) break;
    }
    ++counters_.pdus;
    ready_.push_back(std::move(pdu));
  }
  Abandon(ctx);
}

void Aal5Reassembler::Sweep(uint64_t now) {
  for (Context& ctx : contexts_) {
    if (ctx.state == State::kIdle || now - ctx.stamp <= config_.timeout_ticks) continue;
    if (ctx.state == State::kActive) ++counters_.drop_timeout;
    Abandon(ctx);
  }
}

std::optional<Aal5Pdu> Aal5Reassembler::Pop() {
  if (ready_.empty()) return std::nullopt;
  Aal5Pdu pdu = std::move(ready_.front());
  ready_.pop_front();
  return pdu;
}

}  // namespace pegasus::atm
