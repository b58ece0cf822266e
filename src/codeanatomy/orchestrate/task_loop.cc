#include "codeanatomy/orchestrate/task_loop.h"

#include <algorithm>
#include <map>

#include "codeanatomy/base/stopwatch.h"
#include "codeanatomy/orchestrate/pipeline.h"
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::orchestrate {

using base::Status;

namespace {

//! For each running task (by index), the datasets nothing reads after it: the session releases
//! them once it has run, so a run holds only what is still to be read. `keep` (read after the
//! task loop, or asked for) is never released. Datasets nobody reads go right after they are made.
std::map<size_t, std::vector<std::string>> ReleasePoints(const std::vector<BuildTask>& tasks,
                                                         const std::set<std::string>& keep) {
  std::map<std::string, size_t> last_use;
  for (size_t i = 0; i < tasks.size(); ++i) {
    if (!tasks[i].will_run) continue;
    for (const auto* names : {&tasks[i].inputs, &tasks[i].outputs}) {
      for (const auto& d : *names) {
        if (IsPseudoDataset(d) || keep.count(d)) continue;
        last_use[d] = i;
      }
    }
  }
  std::map<size_t, std::vector<std::string>> out;
  for (const auto& [dataset, i] : last_use) out[i].push_back(dataset);
  return out;
}

}  // namespace

Status RunTasks(std::vector<BuildTask>& tasks, const std::set<std::string>& keep, BuildContext& ctx,
                const ProgressCallback& progress) {
  for (const auto& t : tasks) {
    if (t.will_run) ctx.running.insert(t.name);
  }
  const std::map<size_t, std::vector<std::string>> release = ReleasePoints(tasks, keep);
  int64_t done = 0;
  const int64_t to_run =
      std::count_if(tasks.begin(), tasks.end(), [](auto& t) { return t.will_run; });
  for (size_t i = 0; i < tasks.size(); ++i) {
    auto& task = tasks[i];
    if (!task.will_run) continue;
    if (progress) progress({task.name, done, to_run});
    base::Stopwatch watch;
    Status s = task.run(ctx);
    if (ctx.spill_meter != nullptr) ctx.spill_meter->Sample();
    if (!s.ok() && ctx.session.out_of_memory()) {
      // DuckDB spilled what it could and still needed more: the budget, not a bug.
      return Status::FailedPrecondition(
          "the build needs more memory than {} allows (step {}); give it more with "
          "--memory-limit SIZE, or leave huge generated files out (--exclude, --max-file-bytes)",
          ctx.memory_limit_name.empty() ? "the memory limit" : ctx.memory_limit_name, task.name);
    }
    if (!s.ok()) return s.WithContext(task.name);
    for (const auto& o : task.outputs) {
      if (ctx.catalog.TableSchema(o).ok() || IsPseudoDataset(o)) continue;
      // A declared table (diagnostics) keeps its declared schema: the session's table, made by a
      // rule, has no NOT NULL constraints.
      if (const schema::TableDef* def = schema::Tables().Find(o)) {
        ctx.catalog.Add(o, def->ToSchema());
        continue;
      }
      CA_ASSIGN_OR_RETURN(base::Schema s2, ctx.session.TableSchema(o));
      ctx.catalog.Add(o, s2);
    }
    if (auto r = release.find(i); r != release.end()) {
      for (const auto& d : r->second)
        CA_RETURN_IF_ERROR(ctx.session.Release(d).WithContext(task.name));
    }
    ctx.stages.push_back({task.name, watch.ElapsedMillis(), watch.CpuSeconds() * 1000.0});
    ++done;
  }
  return Status::Ok();
}

}  // namespace codeanatomy::orchestrate
