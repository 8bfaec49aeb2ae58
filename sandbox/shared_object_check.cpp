#include "shared_object_check.hpp"

#include <llvm/BinaryFormat/ELF.h>
#include <llvm/Object/ELFObjectFile.h>
#include <llvm/Object/ObjectFile.h>

#include <algorithm>
#include <array>

namespace crucible::sandbox {
namespace {

// What clang and libstdc++ reference on their own from honest code: the stack protector, the
// memory builtins, operator new and delete, exception support, the library's throw and
// assertion helpers (under _GLIBCXX_ASSERTIONS), and guards of static locals.
constexpr std::array<std::string_view, 16> kRuntimeSymbols = {
    "__stack_chk_fail",  "memcpy",           "memmove",          "memset",
    "memcmp",            "__cxa_allocate_exception", "__cxa_free_exception", "__cxa_throw",
    "__cxa_begin_catch", "__cxa_end_catch",  "__cxa_rethrow",    "_Unwind_Resume",
    "__gxx_personality_v0", "__cxa_guard_acquire", "__cxa_guard_release", "__cxa_guard_abort"};

// Mangled-name families, by prefix: operator new/delete; typeinfo, its names and the ABI's
// typeinfo vtables (to throw and catch); std::__throw_* and std::__glibcxx_assert_fail.
bool is_runtime_family(llvm::StringRef name) {
  for (llvm::StringRef prefix : {"_Znw", "_Zna", "_Zdl", "_Zda", "_ZTI", "_ZTS", "_ZTVN10__cxxabiv1"}) {
    if (name.starts_with(prefix)) return true;
  }
  if (!name.consume_front("_ZSt")) return false;
  name = name.drop_while([](char c) { return c >= '0' && c <= '9'; });
  return name.starts_with("__throw_") || name.starts_with("__glibcxx_assert_fail");
}

// A C library function the domain allows, in its double, float or long double form.
bool is_allowed_function(llvm::StringRef name, const CandidateRules& rules) {
  for (const auto& allowed : rules.allowed_functions) {
    llvm::StringRef base(allowed);
    if (name == base || (name.size() == base.size() + 1 && name.starts_with(base) &&
                         (name.back() == 'f' || name.back() == 'l'))) {
      return true;
    }
  }
  return false;
}

bool is_allowed_undefined(llvm::StringRef name, const CandidateRules& rules) {
  const std::string_view bare(name.data(), name.size());
  return std::find(kRuntimeSymbols.begin(), kRuntimeSymbols.end(), bare) != kRuntimeSymbols.end() ||
         is_runtime_family(name) || is_allowed_function(name, rules);
}

template <typename ElfFile>
std::vector<std::string> check_elf(const llvm::object::ELFObjectFile<ElfFile>& object,
                                   const std::string& entry_symbol, const CandidateRules& rules) {
  using namespace llvm::ELF;
  std::vector<std::string> faults;
  const auto& file = object.getELFFile();

  bool has_stack_header = false;
  if (auto headers = file.program_headers()) {
    for (const auto& header : *headers) {
      if (header.p_type == PT_GNU_STACK) {
        has_stack_header = true;
        if (header.p_flags & PF_X) faults.emplace_back("asks for an executable stack");
      }
      if (header.p_type == PT_LOAD && (header.p_flags & PF_W) && (header.p_flags & PF_X)) {
        faults.emplace_back("has a segment both writable and executable");
      }
      if (header.p_type == PT_INTERP || header.p_type == PT_TLS) {
        faults.emplace_back(header.p_type == PT_INTERP ? "names a program interpreter"
                                                       : "has thread-local storage");
      }
    }
  } else {
    llvm::consumeError(headers.takeError());
    faults.emplace_back("has unreadable program headers");
  }
  if (!has_stack_header) faults.emplace_back("has no PT_GNU_STACK header (an executable stack)");

  if (auto entries = file.dynamicEntries()) {
    for (const auto& entry : *entries) {
      switch (entry.getTag()) {
        case DT_INIT: faults.emplace_back("has DT_INIT (code run at load)"); break;
        case DT_FINI: faults.emplace_back("has DT_FINI (code run at unload)"); break;
        case DT_PREINIT_ARRAYSZ: case DT_INIT_ARRAYSZ: case DT_FINI_ARRAYSZ:
          if (entry.getVal() != 0) faults.emplace_back("has a non-empty init or fini array");
          break;
        case DT_TEXTREL: faults.emplace_back("has text relocations"); break;
        case DT_FLAGS:
          if (entry.getVal() & DF_TEXTREL) faults.emplace_back("has text relocations");
          break;
        case DT_NEEDED: faults.emplace_back("needs another shared library"); break;
        case DT_RPATH: case DT_RUNPATH: faults.emplace_back("sets a library search path"); break;
        default: break;
      }
    }
  } else {
    llvm::consumeError(entries.takeError());
    faults.emplace_back("has an unreadable dynamic section");
  }

  bool exports_entry = false;
  for (const auto& symbol : object.getDynamicSymbolIterators()) {
    auto name = symbol.getName();
    auto flags = symbol.getFlags();
    if (!name || !flags) {
      if (!name) llvm::consumeError(name.takeError());
      if (!flags) llvm::consumeError(flags.takeError());
      faults.emplace_back("has an unreadable dynamic symbol");
      continue;
    }
    if (name->empty()) continue;
    if (symbol.getELFType() == STT_GNU_IFUNC) {
      faults.push_back("has an ifunc symbol `" + name->str() + "` (a resolver run at load)");
    } else if (*flags & llvm::object::SymbolRef::SF_Undefined) {
      if (!is_allowed_undefined(*name, rules)) {
        faults.push_back("references `" + name->str() + "`, which this domain does not provide");
      }
    } else if (*name == entry_symbol) {
      exports_entry = true;
    } else {
      faults.push_back("exports `" + name->str() + "` besides the entry point");
    }
  }
  if (!exports_entry) faults.push_back("does not export the entry point `" + entry_symbol + "`");
  return faults;
}

}  // namespace

std::vector<std::string> check_shared_object(const std::filesystem::path& path,
                                             const std::string& entry_symbol,
                                             const CandidateRules& rules) {
  auto binary = llvm::object::ObjectFile::createObjectFile(path.string());
  if (!binary) {
    llvm::consumeError(binary.takeError());
    return {"cannot be read as an object file"};
  }
  const auto* object = binary->getBinary();
  if (const auto* elf = llvm::dyn_cast<llvm::object::ELF64LEObjectFile>(object)) {
    if (elf->getELFFile().getHeader().e_type != llvm::ELF::ET_DYN) return {"is not a shared object"};
    return check_elf(*elf, entry_symbol, rules);
  }
  return {"is not a 64-bit little-endian ELF shared object"};
}

}  // namespace crucible::sandbox
