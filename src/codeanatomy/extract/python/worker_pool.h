// codeanatomy/extract/python/worker_pool.h
//
// The worker processes of the python layer (internal to extract/python).
//
// Each worker is the running binary re-executed as `<exe> __python-worker`, its stdin and stdout
// both one end of a Unix stream socket pair. Messages in both directions are frames: a
// little-endian u64 payload length, then the payload, whose first byte is the message type.
//   worker -> parent  kHello   u32 protocol version, then the CPython version text
//   parent -> worker  kFile    u64 request, u64 file_id, u8 ast, u32 path length, path,
//                              u64 text length, text
//   worker -> parent  kResult  u64 request, PythonStats fields, PythonTables::SerializeTo bytes
// A worker handles its requests in order, one at a time, and exits at EOF. The parent keeps up to
// PythonOptions::requests_per_worker files in flight per worker; when a worker dies (EOF on its
// socket) or overruns the per-file timeout on its oldest request (it is killed), that oldest file
// gets the diagnostic, the files queued behind it go to other workers, and a new worker takes its
// place. A worker that dies before its hello (before reading any file) is only replaced.
#pragma once

#include <span>

#include "codeanatomy/extract/python/python_extractor.h"

namespace codeanatomy::extract::python {

//! ExtractFiles with options.workers > 0.
base::Result<PythonResult> RunWorkers(std::span<const source::SourceFile> files,
                                      const PythonOptions& options);

}  // namespace codeanatomy::extract::python
