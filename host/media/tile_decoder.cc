#include "host/media/tile_decoder.h"

#include <algorithm>

namespace pegasus::media {

Result<TileTrailer> ParseTilePdu(std::span<const uint8_t> pdu) {
  if (pdu.size() < kTileTrailerBytes + kTileBytes) {
    return Status::Corruption("tile PDU of " + std::to_string(pdu.size()) + " bytes is too short");
  }
  const size_t t = pdu.size() - kTileTrailerBytes;
  TileTrailer tr;
  tr.tile_x = wire::GetBe16(pdu.data() + t);
  tr.tile_y = wire::GetBe16(pdu.data() + t + 2);
  tr.count = pdu[t + 4];
  tr.format = pdu[t + 5];
  tr.frame = wire::GetBe16(pdu.data() + t + 6);
  tr.timestamp = wire::GetBe32(pdu.data() + t + 8);
  tr.flags = wire::GetBe32(pdu.data() + t + 12);
  if (tr.count == 0 || pdu.size() != tr.count * kTileBytes + kTileTrailerBytes) {
    return Status::Corruption("tile PDU length " + std::to_string(pdu.size()) +
                              " does not match count " + std::to_string(tr.count));
  }
  if (tr.format != kFormatRawRgb565) {
    return Status::Corruption("tile PDU format " + std::to_string(tr.format) + " unknown");
  }
  return tr;
}

Result<TilePdu> DecodeTilePdu(std::span<const uint8_t> pdu) {
  auto tr = ParseTilePdu(pdu);
  if (!tr.ok()) return tr.status();
  TilePdu out;
  static_cast<TileTrailer&>(out) = *tr;
  out.pixels.resize(size_t{tr->count} * kTileBytes / 2);
  for (size_t i = 0; i < out.pixels.size(); ++i) {
    out.pixels[i] = wire::GetBe16(pdu.data() + 2 * i);
  }
  return out;
}

std::vector<uint8_t> EncodeTilePdu(const TilePdu& pdu) {
  std::vector<uint8_t> out(pdu.pixels.size() * 2 + kTileTrailerBytes);
  for (size_t i = 0; i < pdu.pixels.size(); ++i) wire::PutBe16(&out[2 * i], pdu.pixels[i]);
  wire::WriteTileTrailer(out.data() + pdu.pixels.size() * 2, pdu.tile_x, pdu.tile_y, pdu.count,
                         pdu.format, pdu.frame, pdu.timestamp, pdu.flags);
  return out;
}

std::vector<uint8_t> EncodeTilePdu(const Image& image, const TileTrailer& tr) {
  TilePdu pdu;
  static_cast<TileTrailer&>(pdu) = tr;
  pdu.pixels.reserve(size_t{tr.count} * kTileBytes / 2);
  for (int t = 0; t < tr.count; ++t) {
    for (int r = 0; r < kTileSide; ++r) {
      for (int c = 0; c < kTileSide; ++c) {
        const int x = (tr.tile_x + t) * kTileSide + c, y = tr.tile_y * kTileSide + r;
        pdu.pixels.push_back((x < image.width && y < image.height) ? image.at(x, y) : 0);
      }
    }
  }
  return EncodeTilePdu(pdu);
}

std::vector<std::vector<uint8_t>> EncodeFrame(const Image& image, int tiles_per_pdu,
                                              uint16_t frame, uint32_t timestamp) {
  std::vector<std::vector<uint8_t>> pdus;
  const int tx = image.width / kTileSide, ty = image.height / kTileSide;
  const int k = std::max(1, tiles_per_pdu);
  for (int y = 0; y < ty; ++y) {
    for (int x = 0; x < tx; x += k) {
      TileTrailer tr;
      tr.tile_x = static_cast<uint16_t>(x);
      tr.tile_y = static_cast<uint16_t>(y);
      tr.count = static_cast<uint8_t>(std::min(k, tx - x));
      tr.frame = frame;
      tr.timestamp = timestamp;
      tr.flags = (y == ty - 1 && x + k >= tx) ? kFlagLastPdu : 0;
      pdus.push_back(EncodeTilePdu(image, tr));
    }
  }
  return pdus;
}

Result<FrameSync> ParseFrameSync(std::span<const uint8_t> pdu) {
  if (pdu.size() != kFrameSyncBytes || pdu[0] != kFrameSyncType) {
    return Status::Corruption("not a frame-sync message (" + std::to_string(pdu.size()) + " bytes)");
  }
  FrameSync s{};
  wire::ReadFrameSync(pdu.data(), &s);
  return s;
}

std::vector<uint8_t> EncodeFrameSync(const FrameSync& s) {
  std::vector<uint8_t> out(kFrameSyncBytes);
  wire::WriteFrameSync(out.data(), s);
  return out;
}

Result<CameraCommand> ParseCameraCommand(std::span<const uint8_t> pdu,
                                         const CameraLimits& limits) {
  if (pdu.size() != kCameraCommandBytes) {
    return Status::Corruption("camera command of " + std::to_string(pdu.size()) +
                              " bytes; a command is 16");
  }
  CameraCommand c;
  c.type = pdu[0];
  c.seq = wire::GetBe16(pdu.data() + 2);
  c.x0 = wire::GetBe16(pdu.data() + 4);
  c.y0 = wire::GetBe16(pdu.data() + 6);
  c.tiles_x = pdu[8];
  c.tiles_y = pdu[9];
  c.tiles_per_pdu = pdu[10];
  c.decim = pdu[11];
  const bool tail_zero = wire::GetBe32(pdu.data() + 12) == 0 && pdu[1] == 0;
  if (c.type == kCameraStart || c.type == kCameraStop) {
    if (!tail_zero || wire::GetBe32(pdu.data() + 4) != 0 || wire::GetBe32(pdu.data() + 8) != 0) {
      return Status::Corruption("camera start/stop command with reserved bytes not 0");
    }
    return c;
  }
  if (c.type != kCameraConfigure) {
    return Status::Corruption("unknown camera command type " + std::to_string(c.type));
  }
  if (!tail_zero) return Status::Corruption("camera configure command with reserved bytes not 0");
  if (c.tiles_x == 0 || c.tiles_y == 0 || c.tiles_per_pdu == 0) {
    return Status::Corruption("camera configure command with an empty rectangle or 0 tiles a PDU");
  }
  if (c.tiles_x > limits.max_tiles_x) {
    return Status::Corruption("camera configure command " + std::to_string(c.tiles_x) +
                              " tiles wide; the camera takes " +
                              std::to_string(limits.max_tiles_x));
  }
  if (c.x0 + 8 * c.tiles_x > limits.width || c.y0 + 8 * c.tiles_y > limits.height) {
    return Status::Corruption("camera configure command: rectangle outside the " +
                              std::to_string(limits.width) + "x" +
                              std::to_string(limits.height) + " frame");
  }
  return c;
}

std::vector<uint8_t> EncodeCameraCommand(const CameraCommand& c) {
  std::vector<uint8_t> out(kCameraCommandBytes);
  wire::WriteCameraCommand(out.data(), c.type, c.seq, c.x0, c.y0, c.tiles_x, c.tiles_y,
                           c.tiles_per_pdu, c.decim);
  return out;
}

TileDecoder::TileDecoder(int width, int height) : width_(width), height_(height) {}

void TileDecoder::Deliver() {
  if (!active_) return;
  cur_.complete = std::all_of(seen_.begin(), seen_.end(), [](uint8_t s) { return s != 0; });
  ++counters_.frames;
  if (!cur_.complete) ++counters_.incomplete;
  ready_.push_back(std::move(cur_));
  cur_ = DecodedFrame{};
  active_ = false;
}

void TileDecoder::Flush() { Deliver(); }

Status TileDecoder::PushPdu(std::span<const uint8_t> pdu) {
  ++counters_.pdus;
  auto tr = DecodeTilePdu(pdu);
  if (!tr.ok()) {
    ++counters_.bad_pdus;
    return tr.status();
  }
  if (active_ && cur_.frame != tr->frame) Deliver();
  if (!active_) {
    active_ = true;
    cur_ = DecodedFrame{};
    cur_.frame = tr->frame;
    cur_.timestamp = tr->timestamp;
    cur_.image = Image(width_, height_);
    seen_.assign(static_cast<size_t>(width_ / kTileSide) * (height_ / kTileSide), 0);
  }
  const int tiles_x = width_ / kTileSide, tiles_y = height_ / kTileSide;
  Status st;
  for (int t = 0; t < tr->count; ++t) {
    const int tx = tr->tile_x + t, ty = tr->tile_y;
    if (tx >= tiles_x || ty >= tiles_y) {
      ++counters_.out_of_range;
      st = Status::InvalidArgument("tile outside the frame");
      continue;
    }
    const uint16_t* src = tr->pixels.data() + t * kTileSide * kTileSide;
    for (int r = 0; r < kTileSide; ++r) {
      for (int c = 0; c < kTileSide; ++c) {
        cur_.image.at(tx * kTileSide + c, ty * kTileSide + r) = src[r * kTileSide + c];
      }
    }
    seen_[static_cast<size_t>(ty) * tiles_x + tx] = 1;
    ++cur_.tiles;
    ++counters_.tiles;
  }
  if (tr->last()) Deliver();
  return st;
}

std::optional<DecodedFrame> TileDecoder::Pop() {
  if (ready_.empty()) return std::nullopt;
  DecodedFrame f = std::move(ready_.front());
  ready_.pop_front();
  return f;
}

CameraCellDecoder::CameraCellDecoder(int width, int height, uint8_t vpi, uint16_t vci)
    : tiles_(width, height) {
  (void)reasm_.Open(vpi, vci);
}

void CameraCellDecoder::PushCell(const atm::Cell& cell, uint64_t now) {
  reasm_.Push(cell, now);
  while (auto pdu = reasm_.Pop()) (void)tiles_.PushPdu(pdu->data);
}

void CameraCellDecoder::PushWords(std::span<const uint32_t> words, uint64_t now) {
  if (words.size() != atm::kCellWords) return;
  PushCell(atm::Cell::FromWords(std::span<const uint32_t, atm::kCellWords>(words.data(), atm::kCellWords)), now);
}

}  // namespace pegasus::media
