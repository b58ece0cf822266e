// codeanatomy/orchestrate/task_graph.h
//
// Every piece of work is a Task with declared input and output datasets; every dataset has one
// producer. Planning takes the datasets the user asked for and marks exactly their ancestors to
// run, recording for each which of its outputs are needed; everything else is skipped, with the
// reason recorded.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "codeanatomy/base/status.h"

namespace codeanatomy::orchestrate {

template <typename Context>
struct Task {
  std::string name;  // "extract:cst", "rule:emit_nodes", "finalize:cpg_nodes", "write:cpg_nodes"
  std::string kind;  // evidence | rule | finalize | write
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  std::function<base::Status(Context&)> run;
  //! Set by planning: whether it runs, and if not, why.
  bool will_run = false;
  std::string reason = {};
  //! Set by planning: the outputs something that runs reads (or that were asked for).
  std::set<std::string> needed = {};
};

//! Marks the ancestors of `targets` (dataset names) to run. Tasks in `switched_off_tasks` (name ->
//! why, e.g. a layer switched off) stay skipped, but their outputs still count as available
//! (empty tables with their schemas). Fails when a target or a needed input has no producer.
template <typename Context>
base::Status PlanTasks(std::vector<Task<Context>>& tasks, const std::vector<std::string>& targets,
                       const std::map<std::string, std::string>& switched_off_tasks) {
  std::set<std::string> seen;
  auto producer_of = [&](const std::string& dataset) -> Task<Context>* {
    for (auto& t : tasks) {
      for (const auto& o : t.outputs) {
        if (o == dataset) return &t;
      }
    }
    return nullptr;
  };
  std::vector<std::pair<std::string, std::string>> needed_by;  // dataset -> consumer task
  for (const auto& t : targets) needed_by.emplace_back(t, "");
  while (!needed_by.empty()) {
    auto [dataset, consumer] = needed_by.back();
    needed_by.pop_back();
    if (!seen.insert(dataset).second) continue;
    Task<Context>* producer = producer_of(dataset);
    if (producer == nullptr) {
      return base::Status::InvalidArgument("nothing produces '{}'{}", dataset,
                                           consumer.empty() ? "" : " (needed by " + consumer + ")");
    }
    producer->needed.insert(dataset);
    if (producer->will_run || !producer->reason.empty()) continue;
    if (auto off = switched_off_tasks.find(producer->name); off != switched_off_tasks.end()) {
      producer->reason = off->second;
      continue;
    }
    producer->will_run = true;
    producer->reason = consumer.empty() ? "requested output " + dataset
                                        : "needed by " + consumer + " (" + dataset + ")";
    for (const auto& input : producer->inputs) needed_by.emplace_back(input, producer->name);
  }
  for (auto& t : tasks) {
    if (!t.will_run && t.reason.empty()) t.reason = "not needed by the requested outputs";
  }
  return base::Status::Ok();
}

}  // namespace codeanatomy::orchestrate
