// Progress display; see progress.hpp.
#include "cli/progress.hpp"

#include <ostream>

namespace ivrscope {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kQuietStart = std::chrono::milliseconds(500);
constexpr auto kRedraw = std::chrono::milliseconds(100);

}  // namespace

Progress::Progress(std::ostream& err, bool enabled, bool terminal)
    : err_(err),
      enabled_(enabled),
      terminal_(terminal),
      start_(Clock::now()),
      last_(start_) {}

Progress::~Progress() {
  if (drawn_) err_ << "\r\033[K" << std::flush;
}

std::function<void(std::size_t, std::size_t)> Progress::Stage(
    std::string verb) {
  if (!enabled_) return {};
  return [this, verb = std::move(verb), tenth = std::size_t{0}](
             std::size_t done, std::size_t total) mutable {
    Update(verb, done, total, &tenth);
  };
}

void Progress::Update(const std::string& verb, std::size_t done,
                      std::size_t total, std::size_t* printed_tenth) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (total == 0) return;
  const auto now = Clock::now();
  if (terminal_) {
    if (now - start_ < kQuietStart) return;
    if (done != total && now - last_ < kRedraw) return;
    last_ = now;
    err_ << "\rivrscope: " << verb << ' ' << done << '/' << total << "\033[K"
         << std::flush;
    drawn_ = true;
    return;
  }
  // Tenths 1..10 print once each; stragglers after 10 print nothing.
  const std::size_t tenth = done * 10 / total;
  if (tenth <= *printed_tenth) return;
  *printed_tenth = tenth;
  err_ << "ivrscope: " << verb << ' ' << done << '/' << total << '\n';
}

}  // namespace ivrscope
