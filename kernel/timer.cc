// The trap vector's handler of the timer interrupt (arch/entry.S): the end of a
// decision, so straight into the timer path (dispatch.h): the planned decision, or
// the full decision path.
//
// This file is compiled with the callee-saved registers s1-s11 declared
// call-clobbered (kernel/CMakeLists.txt; s0, the frame pointer, cannot be): the
// trap vector has saved all of the interrupted domain's registers and loads a whole
// context from what the handler returns, so nothing the handler's caller holds in
// those registers needs to survive, and the handler saves and restores none of
// them. Nothing else may call KernelTimer, and the object may define nothing else
// (kernel/tools/check_timer_object.cmake checks it at every build).
#include "kernel/dispatch.h"

namespace pegasus::kernel {

extern "C" Context* KernelTimer() { return TimerPath(); }

}  // namespace pegasus::kernel
