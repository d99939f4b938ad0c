// What the journal writer (persistence/journal_writer.hpp) answers: the atoms that ask, its
// counters and, below, each message with its reply.
#pragma once

#include <caf/atom.hpp>
#include <caf/meta/type_name.hpp>
#include <cstdint>

#include "model/row_image.hpp"
#include "model/storage_error.hpp"

namespace shop::model {

using commit_atom = caf::atom_constant<caf::atom("commit")>;
using sync_atom = caf::atom_constant<caf::atom("sync")>;
using journal_stats_atom = caf::atom_constant<caf::atom("jstats")>;
using fold_sales_atom = caf::atom_constant<caf::atom("foldsales")>;

struct journal_stats {
  std::uint64_t batches = 0;
  std::uint64_t units = 0;
  std::uint64_t rows = 0;
  std::uint64_t retries = 0;
  std::uint64_t rejected_units = 0;
  std::uint64_t fenced_units = 0;  // refused by the cluster's fence (a shard changed owner)
  std::uint64_t pending = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, journal_stats& x) {
  return f(caf::meta::type_name("journal_stats"), x.batches, x.units, x.rows, x.retries,
           x.rejected_units, x.fenced_units, x.pending);
}

//   (commit_atom, journal_unit) -> ok_atom | storage_error   — unit must have been admitted
//   (sync_atom) -> ok_atom once everything received before it has committed
//   (journal_stats_atom) -> journal_stats
//   (fold_sales_atom) -> int64 sales rows folded | storage_error

}  // namespace shop::model
