// codeanatomy/emit/run_bundle.h
//
// OUT/run_bundle/: everything needed to understand or reproduce a run — the configuration, every
// rule printed as IR and as SQL, the output contracts, and each dataset's schema as JSON.
#pragma once

#include <filesystem>
#include <string>

#include "codeanatomy/base/status.h"
#include "codeanatomy/emit/manifest.h"
#include "codeanatomy/plan/plan.h"

namespace codeanatomy::emit {

//! Writes the bundle under `dir`. `config_json` is the run's resolved configuration.
base::Status WriteRunBundle(const std::filesystem::path& dir, const std::string& config_json,
                            const Manifest& manifest, const plan::Catalog& catalog);

}  // namespace codeanatomy::emit
