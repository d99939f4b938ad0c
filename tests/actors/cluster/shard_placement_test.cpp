#include "actors/cluster/shard_placement.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>

using shop::cluster::plan_placement;
using shop::cluster::shard_move;
using shop::cluster::shard_of;

namespace {

std::vector<std::string> with_moves(std::vector<std::string> owners,
                               const std::vector<shard_move>& moves) {
  for (const auto& m : moves) owners[m.shard] = m.to;
  return owners;
}

std::map<std::string, int> counts(const std::vector<std::string>& owners) {
  std::map<std::string, int> c;
  for (const auto& o : owners) ++c[o];
  return c;
}

}  // namespace

TEST_CASE("shard_of is FNV-1a of kind and id, the same on every build", "[cluster]") {
  // Known answers computed outside this code (Python, the FNV-1a definition).
  CHECK(shard_of(1, 1, 256) == 205);
  CHECK(shard_of(3, 42, 256) == 184);
  CHECK(shard_of(5, 9007199254740993, 256) == 161);
  CHECK(shard_of(2, -1, 256) == 93);
  CHECK(shard_of(1, 1, 1000) == 885);
  CHECK(shard_of(3, 42, 1000) == 568);
}

TEST_CASE("shard_of spreads consecutive ids evenly", "[cluster]") {
  std::vector<int> per_shard(256, 0);
  for (std::int64_t id = 1; id <= 256000; ++id) ++per_shard[shard_of(3, id, 256)];
  const auto [lo, hi] = std::minmax_element(per_shard.begin(), per_shard.end());
  CHECK(*lo > 800);  // mean 1,000
  CHECK(*hi < 1200);
}

TEST_CASE("a first placement spreads every shard over the live nodes", "[cluster]") {
  const std::vector<std::string> none(256, "");
  const auto moves = plan_placement(none, {"c", "a", "b"});
  CHECK(moves.size() == 256);
  const auto c = counts(with_moves(none, moves));
  CHECK(c.at("a") == 86);
  CHECK(c.at("b") == 85);
  CHECK(c.at("c") == 85);
  CHECK(
      std::all_of(moves.begin(), moves.end(), [](const shard_move& m) { return m.from.empty(); }));
}

TEST_CASE("a dead node's shards, and only those, move to the others", "[cluster]") {
  const auto start = with_moves(std::vector<std::string>(256, ""),
                           plan_placement(std::vector<std::string>(256, ""), {"a", "b", "c"}));
  const auto moves = plan_placement(start, {"a", "b"});
  CHECK(moves.size() == 85);  // c's share
  for (const auto& m : moves) CHECK(m.from == "c");
  const auto c = counts(with_moves(start, moves));
  CHECK(c.at("a") == 128);
  CHECK(c.at("b") == 128);
}

TEST_CASE("a node that joins gets its share from the others, nothing else moves", "[cluster]") {
  const auto start = with_moves(std::vector<std::string>(256, ""),
                           plan_placement(std::vector<std::string>(256, ""), {"a", "b"}));
  const auto moves = plan_placement(start, {"a", "b", "c"});
  for (const auto& m : moves) CHECK(m.to == "c");
  const auto c = counts(with_moves(start, moves));
  CHECK(c.at("c") == 85);
  CHECK(c.at("a") + c.at("b") == 171);
  CHECK(moves.size() == 85);
}

TEST_CASE("a placement is stable and the same whatever order the nodes are listed in",
          "[cluster]") {
  const std::vector<std::string> none(64, "");
  const auto one = plan_placement(none, {"n2", "n1", "n3"});
  CHECK(one == plan_placement(none, {"n3", "n2", "n1", "n2"}));
  CHECK(plan_placement(with_moves(none, one), {"n1", "n2", "n3"}).empty());
  CHECK(plan_placement(none, {}).empty());
}
