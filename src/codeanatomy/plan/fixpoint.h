// codeanatomy/plan/fixpoint.h
//
// A fixpoint: a group of mutually recursive relations evaluated semi-naively to their least
// fixpoint, as Soufflé evaluates a stratum. Each relation is declared with its schema (every column
// NOT NULL: the relations are sets; a plan's row with a NULL is not a fact and is dropped), then
// given
//   - base plans, which read no relation of the group, and
//   - delta plans, which read the group's relations by name: `R` is the relation as of the end of
//     the previous round and `DeltaOf(R)` the rows that were new in it.
// Round 0 materializes the union of each relation's base plans. Every later round evaluates the
// relations in declaration order: a relation's delta plans run against the current state, the
// rows it does not hold yet are added to it at once and become its delta, so relations declared
// after it read them in the same round (a plan's delta is always the rows added since it last
// ran). Rounds go on until one adds nothing. The rule
// author writes the semi-naive variants out (one delta plan per recursive body atom, as Soufflé's
// compiler would generate them): what runs is exactly what is printed.
//
// A round runs only the delta plans that read a delta with rows: a plan over empty deltas adds
// nothing (the semi-naive variants make that exact). A relation may also have a post plan, which
// reads `NewOf(R)` — the round's new rows — and gives the rows the round adds instead (e.g. their
// closure along flow edges, so values travel a whole chain of edges in one round).
//
// A relation may be bounded: at most `cap` rows per value of its `cap_key` columns. A round that
// would take a key past the cap adds none of that key's new rows, and the key is saturated for
// good (counted, never silent): the result stays deterministic whatever the lane or thread count,
// because every round is a deterministic function of the previous one. A saturated key keeps the
// rows it had and gains none after; `SaturatedOf(R)` (the cap_key columns) holds the keys
// saturated in the rounds before the current one, so the group's plans can read it, e.g. a post
// plan that stops propagating values at saturated nodes (a saturated node then absorbs what
// reaches it instead of passing it on).
//
//   FixpointBuilder fb(catalog, "points_to");
//   fb.Declare("vf_pts", Schema({{"node", kUInt64, false}, {"alloc", kUInt64, false}}));
//   fb.AddBase("vf_pts", b.Scan("vf_seeds"));
//   fb.AddDelta("vf_pts", fb.Scan(DeltaOf("vf_pts")).Join(b.Scan("vf_flow"), ...));
//   auto fixpoint = fb.Build();
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "codeanatomy/base/status.h"
#include "codeanatomy/base/table.h"
#include "codeanatomy/plan/plan.h"

namespace codeanatomy::plan {

//! The table holding the rows of `relation` that were new in the previous round.
std::string DeltaOf(std::string_view relation);
//! The table holding the rows the current round's delta plans give `relation` (read by its post
//! plan).
std::string NewOf(std::string_view relation);
//! The keys (cap_key columns) of the bounded `relation` saturated before the current round.
std::string SaturatedOf(std::string_view relation);

struct FixpointRelation {
  std::string name;
  base::Schema schema;
  std::vector<Plan> base;
  std::vector<Plan> delta;
  //! Reads NewOf(name); gives what the round adds (empty: NewOf(name) as it is).
  std::optional<Plan> post;
  //! At most `cap` rows per value of `cap_key` (0: unbounded).
  std::vector<std::string> cap_key;
  int64_t cap = 0;
};

class Fixpoint {
 public:
  const std::vector<FixpointRelation>& relations() const { return relations_; }
  //! The relation named `name`, or nullptr.
  const FixpointRelation* Find(std::string_view name) const;
  //! The session tables the group reads from outside itself, sorted and distinct.
  std::vector<std::string> InputTables() const;
  //! The relations' names, in declaration order.
  std::vector<std::string> Outputs() const;
  //! Canonical text: each relation's declaration, bound, base plans and delta plans.
  std::string Print() const;
  std::string Fingerprint() const;
  //! Every plan verifies, produces its relation's schema, and base plans read no relation.
  base::Status Verify() const;

 private:
  friend class FixpointBuilder;
  std::vector<FixpointRelation> relations_;
};

//! Builds a Fixpoint against `outer` plus the declared relations (and their deltas).
class FixpointBuilder {
 public:
  FixpointBuilder(const Catalog& outer, std::string context);
  FixpointBuilder(const FixpointBuilder&) = delete;
  FixpointBuilder& operator=(const FixpointBuilder&) = delete;

  //! Declares a relation (schema columns must all be NOT NULL). Declare every relation before
  //! building plans that read it.
  void Declare(const std::string& relation, base::Schema schema);
  //! Bounds `relation` to at most `cap` rows per value of `key`; plans built after it may read
  //! SaturatedOf(relation).
  void Bound(const std::string& relation, std::vector<std::string> key, int64_t cap);
  //! A builder over the outer catalog plus the declared relations and their DeltaOf tables.
  PlanBuilder Builder() const;
  void AddBase(const std::string& relation, const PlanBuilder& plan);
  void AddDelta(const std::string& relation, const PlanBuilder& plan);
  //! The post plan of `relation` (over NewOf(relation); see the file comment).
  void SetPost(const std::string& relation, const PlanBuilder& plan);
  //! The group, or the first error (an unknown relation, a plan that does not build or does not
  //! produce its relation's columns and types, a base plan reading a relation of the group).
  base::Result<Fixpoint> Build();

 private:
  class GroupCatalog : public Catalog {
   public:
    GroupCatalog(const Catalog& outer, const std::vector<FixpointRelation>* relations)
        : outer_(outer), relations_(relations) {}
    base::Result<base::Schema> TableSchema(std::string_view table) const override;

   private:
    const Catalog& outer_;
    const std::vector<FixpointRelation>* relations_;
  };
  FixpointRelation* Find(const std::string& relation);
  void Add(const std::string& relation, const PlanBuilder& plan, bool delta);

  std::string context_;
  std::vector<FixpointRelation> relations_;
  std::unique_ptr<GroupCatalog> catalog_;
  base::Status error_;
};

}  // namespace codeanatomy::plan
