// Throughput of the C++ AAL5 CRC-32 and HEC (host/common/crc), which the simulator's
// link models and the tools run on every cell.
#include <cstdint>
#include <vector>

#include <benchmark/benchmark.h>

#include "host/common/crc.h"

namespace {

void BM_Crc32Aal5(benchmark::State& state) {
  std::vector<uint8_t> data(static_cast<size_t>(state.range(0)));
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 131 + 7);
  for (auto _ : state) benchmark::DoNotOptimize(pegasus::Crc32Aal5Of(data));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Crc32Aal5)->Arg(48)->Arg(9188)->Arg(65535);

void BM_Hec(benchmark::State& state) {
  uint32_t header = 0x00000202;
  for (auto _ : state) {
    benchmark::DoNotOptimize(pegasus::HecOfWord(header));
    ++header;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_Hec);

}  // namespace

BENCHMARK_MAIN();
