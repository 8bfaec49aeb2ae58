# The memory tiering domain's part of crucible_evaluators (see evaluators/CMakeLists.txt).
list(APPEND CRUCIBLE_EVALUATOR_SOURCES
  tiering/simulation.cpp
  tiering/mechanisms.cpp
  tiering/memory_model.cpp
  tiering/baselines/baselines.cpp
  tiering/baselines/first_touch.cpp
  tiering/baselines/linux_lru.cpp
  tiering/baselines/numa_balancing.cpp
  tiering/baselines/hemem.cpp
  tiering/baselines/memtis.cpp
  tiering/baselines/tpp.cpp
  tiering/baselines/arms.cpp
  tiering/baselines/oracle.cpp
  tiering/interfaces.cpp
  tiering/workload.cpp
  tiering/domain.cpp)
list(APPEND CRUCIBLE_EMBEDDED_FILES
  interfaces/tiering.h
  interfaces/tiering_hooks.h
  evaluators/tiering/seeds/recent.cpp
  evaluators/tiering/seeds/ewma.cpp
  evaluators/tiering/seeds/active.cpp
  evaluators/tiering/seeds/reclaim.cpp
  evaluators/tiering/seeds/frequency.cpp
  evaluators/tiering/seeds/reclaim_promote.cpp
  evaluators/tiering/seeds/hot_swap_hooks.cpp)
