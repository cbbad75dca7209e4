//===- ArgChecks.cpp - Strict validators for numeric and enumerated options -===//
#include "ArgChecks.h"

#include "report/CheckCatalog.h"

#include <cerrno>
#include <cctype>
#include <cmath>
#include <cstdlib>

namespace interlock::args {

CLI::Validator wholeNumber(uint64_t Min, uint64_t Max) {
  std::string Range = "a whole number from " + std::to_string(Min) + " to " + std::to_string(Max);
  return CLI::Validator(
      [Min, Max, Range](std::string &S) -> std::string {
        bool Digits = !S.empty() && S.find_first_not_of("0123456789") == std::string::npos;
        if (!Digits)
          return "'" + S + "' is not " + Range;
        size_t Lead = S.find_first_not_of('0');
        std::string Norm = Lead == std::string::npos ? "0" : S.substr(Lead);
        errno = 0;
        unsigned long long V = std::strtoull(Norm.c_str(), nullptr, 10);
        if (errno == ERANGE || V < Min || V > Max)
          return S + " is out of range: expected " + Range;
        S = Norm; // so CLI11's base-0 conversion cannot read it as octal
        return "";
      },
      "in [" + std::to_string(Min) + " - " + std::to_string(Max) + "]", "wholeNumber");
}

CLI::Validator seconds(double Max) {
  return CLI::Validator(
      [Max](std::string &S) -> std::string {
        std::string Range = "a number of seconds from 0 to " + std::to_string(int64_t(Max));
        bool Chars = !S.empty() && S.find_first_not_of("0123456789.eE+-") == std::string::npos;
        char *End = nullptr;
        double V = Chars ? std::strtod(S.c_str(), &End) : NAN;
        if (!Chars || End != S.c_str() + S.size() || !std::isfinite(V))
          return "'" + S + "' is not " + Range;
        if (V < 0 || V > Max)
          return S + " is out of range: expected " + Range;
        return "";
      },
      "in [0 - " + std::to_string(int64_t(Max)) + "]", "seconds");
}

CLI::Validator byteSize(uint64_t Min, uint64_t Max) {
  std::string Range = "a size from " + std::to_string(Min) + " to " + std::to_string(Max) +
                      " bytes (suffixes K, M, G, T: KiB, MiB, GiB, TiB)";
  return CLI::Validator(
      [Min, Max, Range](std::string &S) -> std::string {
        size_t DigitsEnd = S.find_first_not_of("0123456789");
        std::string Digits = S.substr(0, DigitsEnd);
        std::string Suffix = DigitsEnd == std::string::npos ? "" : S.substr(DigitsEnd);
        for (char &C : Suffix)
          C = char(std::toupper((unsigned char)C));
        unsigned Shift = 0;
        if (!Suffix.empty()) {
          const std::string Units = "KMGT";
          size_t U = Units.find(Suffix[0]);
          std::string Rest = Suffix.substr(1);
          if (U == std::string::npos || !(Rest.empty() || Rest == "B" || Rest == "IB"))
            return "'" + S + "' is not " + Range;
          Shift = 10 * unsigned(U + 1);
        }
        if (Digits.empty() || Digits.size() > 19)
          return "'" + S + "' is not " + Range;
        unsigned long long V = std::strtoull(Digits.c_str(), nullptr, 10);
        if (V > (Max >> Shift) || (V << Shift) < Min)
          return S + " is out of range: expected " + Range;
        S = std::to_string(V << Shift);
        return "";
      },
      "SIZE", "byteSize");
}

CLI::Validator oneOf(std::initializer_list<const char *> Words) {
  std::string List;
  for (const char *W : Words)
    List += (List.empty() ? "" : ", ") + std::string(W);
  std::vector<std::string> Known(Words.begin(), Words.end());
  return CLI::Validator(
      [Known, List](std::string &S) -> std::string {
        for (const std::string &K : Known)
          if (S == K)
            return "";
        return "unknown value '" + S + "' (expected one of: " + List + ")";
      },
      "{" + List + "}", "oneOf");
}

CLI::Validator checkIdOrAny() {
  return CLI::Validator(
      [](std::string &S) -> std::string {
        if (S == "any" || findCheck(S))
          return "";
        std::string Ids;
        for (const CheckInfo &C : allChecks())
          Ids += (Ids.empty() ? "" : ", ") + C.Id.str();
        return "unknown check id '" + S + "' (expected 'any' or one of: " + Ids + ")";
      },
      "CHECK", "checkIdOrAny");
}

} // namespace interlock::args
