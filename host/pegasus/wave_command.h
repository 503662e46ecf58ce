// `pegasus wave`: opens an FST waveform written by `pegasus sim` (pegasus-sim's
// --trace, pegasus-net's --wave) in GTKWave.
#ifndef PEGASUS_HOST_PEGASUS_WAVE_COMMAND_H_
#define PEGASUS_HOST_PEGASUS_WAVE_COMMAND_H_

namespace pegasus::tool {

extern const char kWaveHelp[];
// args: the words after "wave". Returns the exit code.
int RunWave(int argc, char** argv);

}  // namespace pegasus::tool

#endif  // PEGASUS_HOST_PEGASUS_WAVE_COMMAND_H_
