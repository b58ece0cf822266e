// codeanatomy/orchestrate/evidence_cache.h
//
// Evidence reuse: an incremental build. Every build writes OUT/cache/ — for each table the per-file
// layers (cst, python) filled, its rows as <table>.parquet, and key.json: the tool's version, the
// repository, what the rows depend on besides each file (the layers that ran, the tables they
// filled and their schemas, the layers' options), each file's path and content hash, and each cache
// file's size and checksum. The next build into the same OUT reads the key right after its scan;
// when it matches, the rows of files whose path and content hash are unchanged are loaded from the
// cache and only new and changed files go through the per-file layers; deleted (or renamed) files
// drop out, their rows are not loaded. The repository layer (scip) and every rule run as in a full
// build. The rows of a file depend on that file alone (extract/evidence_layer.h), so the loaded
// rows are those its extraction would give, and the output is the full build's, byte for byte.
//
// A cache that does not match (another tool version, configuration or repository), is missing, or
// is damaged (a file missing, a size or checksum that differs, a key that does not parse) is
// ignored: the build extracts every file and says why in the manifest's `reuse`. It is never
// trusted, and never a failure. `--full` ignores it on purpose. The cache is written into the
// staging directory with every other output, so it is published with them, atomically.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "codeanatomy/base/status.h"
#include "codeanatomy/extract/evidence_layer.h"

namespace codeanatomy::orchestrate {

struct BuildContext;

//! The directory of OUT that holds the cache, and its key file.
inline constexpr std::string_view kCacheDir = "cache";
inline constexpr std::string_view kCacheKeyFile = "key.json";

//! What a build writes into its cache as it goes.
struct EvidenceCache {
  //! The content hash of each scanned file (same index as BuildContext::files).
  std::vector<std::string> hashes = {};
  //! The cache files written: table -> {file, rows, bytes, checksum}.
  struct Table {
    std::string file;
    int64_t rows = 0;
    uint64_t bytes = 0;
    std::string checksum;
  };
  std::map<std::string, Table> tables = {};
  //! Files whose rows must not be reused: their extraction failed for a reason of the moment (a
  //! worker crashed or timed out), not of the file.
  std::set<uint64_t> transient = {};
  //! Why no key may be written (the cache could not serve a later build), or "".
  std::string unusable = {};
};

//! After the scan, before the layers begin: decides whether the cache in OUT can serve this build,
//! loads the rows of the unchanged files into the evidence tables and leaves the files the
//! per-file layers must still extract in ctx (BuildContext::ExtractFiles). Fills ctx.reuse. Fails
//! only on an error of the session, never because of what the cache holds.
base::Status PrepareReuse(BuildContext& ctx);

//! After a per-file layer ran: writes the tables it filled into the staging directory's cache.
base::Status CacheLayer(BuildContext& ctx, const extract::EvidenceLayer& layer,
                        const extract::LayerRequest& request);

//! After every task: writes the cache's key.json into the staging directory.
base::Status WriteCacheKey(BuildContext& ctx);

}  // namespace codeanatomy::orchestrate
