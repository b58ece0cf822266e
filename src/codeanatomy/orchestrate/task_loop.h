// codeanatomy/orchestrate/task_loop.h
//
// The task loop of a build: runs the tasks planning marked, in order.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "codeanatomy/base/status.h"
#include "codeanatomy/orchestrate/build.h"
#include "codeanatomy/orchestrate/build_context.h"

namespace codeanatomy::orchestrate {

//! Runs every task marked to run, in order: reports progress, adds each dataset a task made to
//! the catalog, releases what no later task reads (never `keep`), and records each task's wall
//! and CPU time in `ctx.stages`. A failing task fails the loop, its name prefixed to the message.
base::Status RunTasks(std::vector<BuildTask>& tasks, const std::set<std::string>& keep,
                      BuildContext& ctx, const ProgressCallback& progress);

}  // namespace codeanatomy::orchestrate
