// The atoms that ask the journal writer and its counters; each message with its reply is its
// interface, `journal_writer_actor` in persistence/journal_writer.hpp.
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

}  // namespace shop::model
