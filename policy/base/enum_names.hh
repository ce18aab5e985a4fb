/**
 * \file enum_names.hh
 * The words of an enum, said once: a table of {value, word} pairs next to
 * the enum, and from it the word of a value (toString), the value of a word
 * (fromString) and the list of words for an error message (wordList). The
 * words are a contract (configuration files, log lines, control answers,
 * JSON), so both directions come from the one table and cannot disagree.
 *
 * An enum takes part by declaring its table as a function beside it, found
 * by argument-dependent lookup:
 *
 *   enum class SetMode : uint8_t { service, section };
 *   constexpr auto namesOf(SetMode) {
 *     return std::to_array<EnumName<SetMode>>({
 *         {SetMode::service, "service"},
 *         {SetMode::section, "section"},
 *     });
 *   }
 *
 * Then toString(SetMode::section) is "section", fromString<SetMode>("service")
 * is SetMode::service (std::nullopt for a word not in the table), and
 * wordList<SetMode>() is "service or section". A table that repeats a value
 * or a word does not compile. Tables hold a handful of entries and are
 * searched in order; nothing is allocated but wordList's string.
 */
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace orchard {

/** One entry of an enum's table. */
template <typename E>
struct EnumName {
  E value;
  std::string_view word;
};

/** An enum whose namespace declares `namesOf(E)` (see above). */
template <typename E>
concept NamedEnum = std::is_enum_v<E> && requires(E e) {
  namesOf(e);
};

namespace enum_names_detail {

/** The table as given; a compile error when a value or a word repeats. */
template <typename E, size_t N>
consteval std::array<EnumName<E>, N> checked(std::array<EnumName<E>, N> table) {
  for (size_t i = 0; i < N; ++i)
    for (size_t j = i + 1; j < N; ++j)
      if (table[i].value == table[j].value || table[i].word == table[j].word)
        throw "an enum's names table repeats a value or a word";
  return table;
}

}  // namespace enum_names_detail

/** E's table, checked and built at compile time. */
template <NamedEnum E>
inline constexpr auto kEnumNames = enum_names_detail::checked(namesOf(E{}));

/** The word of `value`; "?" for a value the table lacks (a number cast in
 *  from outside the enum's range). */
template <NamedEnum E>
constexpr std::string_view toString(E value) {
  for (const EnumName<E>& n : kEnumNames<E>)
    if (n.value == value) return n.word;
  return "?";
}

/** The value whose word is `word` (exactly: case matters); nullopt if none. */
template <NamedEnum E>
constexpr std::optional<E> fromString(std::string_view word) {
  for (const EnumName<E>& n : kEnumNames<E>)
    if (n.word == word) return n.value;
  return std::nullopt;
}

/** The words in table order for a message: "nftables, ipset or none". */
template <NamedEnum E>
std::string wordList() {
  std::string out;
  const auto& table = kEnumNames<E>;
  for (size_t i = 0; i < table.size(); ++i) {
    if (i > 0) out += i + 1 == table.size() ? " or " : ", ";
    out += table[i].word;
  }
  return out;
}

}  // namespace orchard
