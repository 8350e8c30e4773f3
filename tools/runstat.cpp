// runstat: runs a command and prints what the kernel counted for it, for
// tools/bench.sh: "cpu_seconds wall_seconds peak_kb" (user + system time to
// the microsecond, the maximum resident set). /usr/bin/time rounds times to
// hundredths, which made small inputs noise; a Python wrapper's own memory
// was counted as the child's peak. This is small, so its share of the peak
// it reports is small too.
//
//   runstat STDERR_FILE CMD [ARGS...]
//
// The command's stdout goes to /dev/null and its stderr to STDERR_FILE;
// runstat exits with the command's exit code (128 + signal if killed).
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: runstat STDERR_FILE CMD [ARGS...]\n");
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid < 0) {
    std::perror("runstat: fork");
    return 2;
  }
  if (pid == 0) {
    const int out = open("/dev/null", O_WRONLY);
    const int err = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) _exit(127);
    execvp(argv[2], argv + 2);
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) < 0) {
    std::perror("runstat: wait4");
    return 2;
  }
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  const double cpu =
      static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
      static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) /
          1e6;
  std::printf("%.4f %.4f %ld\n", cpu, wall, usage.ru_maxrss);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}
