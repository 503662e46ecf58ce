// `pegasus sim`: starts pegasus-sim with a firmware image (hcpd by default) and its
// UART bridged to TCP, and prints the address to give `pegasus --tcp`.
#ifndef PEGASUS_HOST_PEGASUS_SIM_COMMAND_H_
#define PEGASUS_HOST_PEGASUS_SIM_COMMAND_H_

namespace pegasus::tool {

extern const char kSimHelp[];
// args: the words after "sim". Returns the exit code.
int RunSim(int argc, char** argv);

}  // namespace pegasus::tool

#endif  // PEGASUS_HOST_PEGASUS_SIM_COMMAND_H_
