// The ivrscope executable: everything is in the library (see cli.cpp).
#include <unistd.h>

#include <iostream>

#include "cli/cli.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  return ivrscope::RunCli(argc, argv, std::cout, std::cerr,
                          isatty(STDOUT_FILENO) != 0,
                         isatty(STDERR_FILENO) != 0);
}
