# The cache domain's part of crucible_evaluators (see evaluators/CMakeLists.txt).
list(APPEND CRUCIBLE_EVALUATOR_SOURCES
  cache/cache_size.cpp
  cache/rank_helpers.cpp
  cache/rank_mechanism.cpp
  cache/sampled_mechanism.cpp
  cache/hooks_mechanism.cpp
  cache/policy_runner.cpp
  cache/interfaces.cpp
  cache/baselines/baselines.cpp
  cache/baselines/arc.cpp
  cache/baselines/fifo.cpp
  cache/baselines/lru.cpp
  cache/baselines/twoq.cpp
  cache/baselines/sieve.cpp
  cache/baselines/clock.cpp
  cache/baselines/s3fifo.cpp
  cache/baselines/belady.cpp
  cache/baselines/lfu.cpp
  cache/baselines/lecar.cpp
  cache/baselines/cacheus.cpp
  cache/baselines/lirs.cpp
  cache/baselines/lhd.cpp
  cache/baselines/gdsf.cpp
  cache/baselines/hyperbolic.cpp
  cache/baselines/belady_size.cpp
  cache/workload.cpp
  cache/domain.cpp)
list(APPEND CRUCIBLE_EMBEDDED_FILES
  interfaces/cache.h
  interfaces/cache_hooks.h
  evaluators/cache/seeds/lru.cpp
  evaluators/cache/seeds/lfu.cpp
  evaluators/cache/seeds/gdsf.cpp
  evaluators/cache/seeds/hyperbolic.cpp
  evaluators/cache/seeds/irr.cpp
  evaluators/cache/seeds/lru_hooks.cpp
)
