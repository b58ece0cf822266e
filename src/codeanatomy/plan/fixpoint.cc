#include "codeanatomy/plan/fixpoint.h"

#include <set>

#include <fmt/core.h>
#include <xxhash.h>

namespace codeanatomy::plan {

using base::Result;
using base::Schema;
using base::Status;

std::string DeltaOf(std::string_view relation) { return std::string(relation) + "__delta"; }
std::string NewOf(std::string_view relation) { return std::string(relation) + "__new"; }
std::string SaturatedOf(std::string_view relation) { return std::string(relation) + "__saturated"; }

namespace {

//! The tables of the group a plan may read: each relation, its delta and new rows, and the
//! saturated keys of a bounded one.
std::set<std::string> OwnTables(const std::vector<FixpointRelation>& relations) {
  std::set<std::string> own;
  for (const auto& r : relations) {
    own.insert(r.name);
    own.insert(DeltaOf(r.name));
    own.insert(NewOf(r.name));
    if (r.cap > 0) own.insert(SaturatedOf(r.name));
  }
  return own;
}

//! The cap_key columns of a bounded relation.
Schema KeySchema(const FixpointRelation& r) {
  std::vector<base::Field> key;
  for (const auto& k : r.cap_key) key.push_back(r.schema.field(*r.schema.IndexOf(k)));
  return Schema(std::move(key));
}

}  // namespace

const FixpointRelation* Fixpoint::Find(std::string_view name) const {
  for (const auto& r : relations_) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

std::vector<std::string> Fixpoint::Outputs() const {
  std::vector<std::string> out;
  for (const auto& r : relations_) out.push_back(r.name);
  return out;
}

std::vector<std::string> Fixpoint::InputTables() const {
  const std::set<std::string> own = OwnTables(relations_);
  std::set<std::string> names;
  for (const auto& r : relations_) {
    std::vector<const Plan*> plans;
    for (const auto& p : r.base) plans.push_back(&p);
    for (const auto& p : r.delta) plans.push_back(&p);
    if (r.post) plans.push_back(&*r.post);
    for (const Plan* p : plans) {
      for (auto& t : p->InputTables()) {
        if (!own.count(t)) names.insert(std::move(t));
      }
    }
  }
  return {names.begin(), names.end()};
}

std::string Fixpoint::Print() const {
  std::string out;
  for (const auto& r : relations_) {
    out += fmt::format("Relation {} {}", r.name, r.schema.ToString());
    if (r.cap > 0) {
      std::string key;
      for (const auto& k : r.cap_key) key += (key.empty() ? "" : ", ") + k;
      out += fmt::format(" bound {} per ({})", r.cap, key);
    }
    out += "\n";
    for (size_t i = 0; i < r.base.size(); ++i) {
      out += fmt::format("  base {}:\n", i);
      out += r.base[i].Print();
    }
    for (size_t i = 0; i < r.delta.size(); ++i) {
      out += fmt::format("  delta {}:\n", i);
      out += r.delta[i].Print();
    }
    if (r.post) out += "  post:\n" + r.post->Print();
  }
  return out;
}

std::string Fixpoint::Fingerprint() const {
  const std::string text = Print();
  XXH128_hash_t h = XXH3_128bits(text.data(), text.size());
  return fmt::format("{:016x}{:016x}", h.high64, h.low64);
}

Status Fixpoint::Verify() const {
  const std::set<std::string> own = OwnTables(relations_);
  for (const auto& r : relations_) {
    for (const auto& f : r.schema.fields()) {
      if (f.nullable) {
        return Status::Internal("fixpoint relation {}: column {} is nullable", r.name, f.name);
      }
    }
    std::vector<Plan> all = r.base;
    all.insert(all.end(), r.delta.begin(), r.delta.end());
    if (r.post) all.push_back(*r.post);
    for (const auto* plans : {&all}) {
      for (const auto& p : *plans) {
        CA_RETURN_IF_ERROR(p.Verify());
        if (p.schema().size() != r.schema.size()) {
          return Status::Internal("fixpoint relation {}: a plan gives {} instead of {}", r.name,
                                  p.schema().ToString(), r.schema.ToString());
        }
        for (size_t c = 0; c < r.schema.size(); ++c) {
          const auto& want = r.schema.field(c);
          const auto& got = p.schema().field(c);
          if (want.name != got.name || want.type != got.type) {
            return Status::Internal("fixpoint relation {}: a plan gives {} instead of {}", r.name,
                                    p.schema().ToString(), r.schema.ToString());
          }
        }
      }
    }
    for (const auto& p : r.base) {
      for (const auto& t : p.InputTables()) {
        if (own.count(t)) {
          return Status::Internal("fixpoint relation {}: a base plan reads {} of the group", r.name,
                                  t);
        }
      }
    }
  }
  return Status::Ok();
}

Result<Schema> FixpointBuilder::GroupCatalog::TableSchema(std::string_view table) const {
  for (const auto& r : *relations_) {
    if (r.name == table || DeltaOf(r.name) == table || NewOf(r.name) == table) return r.schema;
    if (r.cap > 0 && SaturatedOf(r.name) == table) return KeySchema(r);
  }
  return outer_.TableSchema(table);
}

FixpointBuilder::FixpointBuilder(const Catalog& outer, std::string context)
    : context_(std::move(context)), catalog_(std::make_unique<GroupCatalog>(outer, &relations_)) {}

FixpointRelation* FixpointBuilder::Find(const std::string& relation) {
  for (auto& r : relations_) {
    if (r.name == relation) return &r;
  }
  return nullptr;
}

void FixpointBuilder::Declare(const std::string& relation, Schema schema) {
  if (!error_.ok()) return;
  if (Find(relation)) {
    error_ = Status::Internal("{}: relation {} declared twice", context_, relation);
    return;
  }
  for (const auto& f : schema.fields()) {
    if (f.nullable) {
      error_ = Status::Internal("{}: relation {} column {} must be NOT NULL", context_, relation,
                                f.name);
      return;
    }
  }
  relations_.push_back(FixpointRelation{relation, std::move(schema), {}, {}, std::nullopt, {}, 0});
}

void FixpointBuilder::Bound(const std::string& relation, std::vector<std::string> key,
                            int64_t cap) {
  if (!error_.ok()) return;
  FixpointRelation* r = Find(relation);
  if (!r) {
    error_ = Status::Internal("{}: bound on undeclared relation {}", context_, relation);
    return;
  }
  for (const auto& k : key) {
    if (!r->schema.IndexOf(k)) {
      error_ = Status::Internal("{}: bound of {} on unknown column {}", context_, relation, k);
      return;
    }
  }
  r->cap_key = std::move(key);
  r->cap = cap;
}

PlanBuilder FixpointBuilder::Builder() const { return PlanBuilder(*catalog_, context_); }

void FixpointBuilder::Add(const std::string& relation, const PlanBuilder& plan, bool delta) {
  if (!error_.ok()) return;
  FixpointRelation* r = Find(relation);
  if (!r) {
    error_ = Status::Internal("{}: plan for undeclared relation {}", context_, relation);
    return;
  }
  auto built = plan.Build();
  if (!built.ok()) {
    error_ = built.status();
    return;
  }
  (delta ? r->delta : r->base).push_back(std::move(*built));
}

void FixpointBuilder::AddBase(const std::string& relation, const PlanBuilder& plan) {
  Add(relation, plan, /*delta=*/false);
}

void FixpointBuilder::AddDelta(const std::string& relation, const PlanBuilder& plan) {
  Add(relation, plan, /*delta=*/true);
}

void FixpointBuilder::SetPost(const std::string& relation, const PlanBuilder& plan) {
  if (!error_.ok()) return;
  FixpointRelation* r = Find(relation);
  if (!r) {
    error_ = Status::Internal("{}: post plan for undeclared relation {}", context_, relation);
    return;
  }
  auto built = plan.Build();
  if (!built.ok()) {
    error_ = built.status();
    return;
  }
  r->post = std::move(*built);
}

Result<Fixpoint> FixpointBuilder::Build() {
  CA_RETURN_IF_ERROR(error_);
  if (relations_.empty()) return Status::Internal("{}: a fixpoint without relations", context_);
  Fixpoint fp;
  fp.relations_ = relations_;
  Status s = fp.Verify();
  if (!s.ok()) return s.WithContext(context_);
  return fp;
}

}  // namespace codeanatomy::plan
