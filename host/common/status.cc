#include "host/common/status.h"

namespace pegasus {

std::string Status::ToString() const {
  const char* kind = "OK";
  switch (code_) {
    case Code::kOk: return "OK";
    case Code::kInvalidArgument: kind = "invalid argument"; break;
    case Code::kNotFound: kind = "not found"; break;
    case Code::kCorruption: kind = "corruption"; break;
    case Code::kIoError: kind = "I/O error"; break;
    case Code::kUnavailable: kind = "unavailable"; break;
  }
  return std::string(kind) + ": " + message_;
}

}  // namespace pegasus
