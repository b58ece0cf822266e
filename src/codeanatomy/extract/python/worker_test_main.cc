// main() for test binaries that run the python layer with worker processes: such a binary is its
// own worker executable (/proc/self/exe), so it must answer `__python-worker` as cli/main.cc does.
// Linked as an object library, it replaces GoogleTest's main.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "codeanatomy/extract/python/python_extractor.h"

int main(int argc, char** argv) {
  if (argc >= 2 && argv[1] == codeanatomy::extract::python::kWorkerArgument) {
    return codeanatomy::extract::python::WorkerMain(argc, argv);
  }
  ::testing::InitGoogleMock(&argc, argv);
  return RUN_ALL_TESTS();
}
