// expect: compile_timeout
// Attack: each level names two distinct specializations, so naming Grow<30, 1>::type instantiates 2^31 classes: parsing and compiling would take far longer than minutes.
template <typename Left, typename Right>
struct Node;
template <unsigned long long Path>
struct Leaf;
template <unsigned Depth, unsigned long long Path>
struct Grow {
  using type =
      Node<typename Grow<Depth - 1, 2 * Path>::type, typename Grow<Depth - 1, 2 * Path + 1>::type>;
};
template <unsigned long long Path>
struct Grow<0, Path> {
  using type = Leaf<Path>;
};
using Huge = Grow<30, 1>::type;

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(sizeof(Huge*) + obj->size + state->now);
}
