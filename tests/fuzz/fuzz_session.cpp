// Fuzzes the session reader: any text gives a session or an error naming the file, never a crash or an
// uncaught exception; an accepted session is a valid scene with a step and tap that exist, and it writes
// back to text that reads back to the same session.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/session.h"
#include "core/stepper.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace convstep;
  const std::string text(reinterpret_cast<const char*>(data), size);
  Result<Session> session = parse_session(text, "fuzz.convstep");
  if (!session) {
    if (session.message().rfind("fuzz.convstep", 0) != 0)
      fuzz::fail("a session error that does not name the file");
    return 0;
  }
  fuzz::check_scene(session->lesson.scene);
  const SessionState state = session->state.value_or(SessionState{});
  Result<Stepper> stepper = Stepper::create(session->lesson.scene);
  if (!stepper || state.step >= stepper->step_count()) fuzz::fail("a session whose step does not exist");
  Result<Session> again = parse_session(session_to_json(session->lesson, state), "again.convstep");
  if (!again || !again->state) fuzz::fail("a session convstep wrote does not read back");
  if (*again->state != state || !fuzz::same_bits(again->lesson.scene.input, session->lesson.scene.input) ||
      !fuzz::same_bits(again->lesson.scene.weight, session->lesson.scene.weight))
    fuzz::fail("a session round trip changed the session");
  return 0;
}
