// Exit codes of the pegasus tool, one per kind of failure, so scripts and the
// hardware-in-loop tests can tell a timeout from a refused command.
#ifndef PEGASUS_HOST_PEGASUS_EXIT_CODES_H_
#define PEGASUS_HOST_PEGASUS_EXIT_CODES_H_

#include "host/control/hcp_client.h"

namespace pegasus::tool {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRefused = 1;   // the device answered with an error
inline constexpr int kExitUsage = 2;     // bad command line
inline constexpr int kExitTimeout = 3;   // no response in time
inline constexpr int kExitCorrupt = 4;   // a damaged frame (CRC, framing) either way
inline constexpr int kExitVersion = 5;   // HCP version mismatch
inline constexpr int kExitNoDevice = 6;  // no such device
inline constexpr int kExitIo = 7;        // cannot connect, connection lost, cannot start
inline constexpr int kExitProtocol = 8;  // a response that does not parse

inline int ExitCodeOf(const hcp::ClientStatus& s) {
  using K = hcp::ClientStatus::Kind;
  switch (s.kind) {
    case K::kOk:
      return kExitOk;
    case K::kTimeout:
      return kExitTimeout;
    case K::kIo:
      return kExitIo;
    case K::kCorrupt:
      return kExitCorrupt;
    case K::kVersion:
      return kExitVersion;
    case K::kNoDevice:
      return kExitNoDevice;
    case K::kDevice:
      return kExitRefused;
    case K::kProtocol:
      return kExitProtocol;
  }
  return kExitRefused;
}

}  // namespace pegasus::tool

#endif  // PEGASUS_HOST_PEGASUS_EXIT_CODES_H_
