#include "driver/CheckRunner.h"
#include "driver/SummaryCache.h"
#include "driver/Database.h"
#include "driver/Link.h"

#include "checks/CheckRegistry.h"
#include "procedure/TUAnalyzer.h"
#include "program/Program.h"
#include "report/Emitters.h"
#include "report/Nolint.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Driver/Types.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "clang/Tooling/Tooling.h"

#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <algorithm>
#include <chrono>
#include <atomic>
#include <map>
#include <set>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <tuple>
#include <mutex>
#include <thread>

namespace interlock::driver {
namespace {

llvm::Error error(const llvm::Twine &Msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Msg);
}

/// Keeps a TU's errors (not its warnings) for the report.
class ErrorCollector : public clang::DiagnosticConsumer {
public:
  void HandleDiagnostic(clang::DiagnosticsEngine::Level Level,
                        const clang::Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < clang::DiagnosticsEngine::Error)
      return;
    // A warning clang makes an error by default (`-Wreserved-user-defined-literal`,
    // C's implicit declarations): GCC, which built the code, accepts it, and the AST
    // is whole. The TU is analyzed, and the user told.
    bool Lenient = clang::DiagnosticIDs::isBuiltinWarningOrExtension(Info.getID());
    std::vector<std::string> &Into = Lenient ? Accepted : Messages;
    (Lenient ? AcceptedCount : HardErrors)++;
    if (Into.size() >= (Lenient ? 2u : 5u))
      return;
    llvm::SmallString<256> Msg;
    Info.FormatDiagnostic(Msg);
    std::string Where;
    if (Info.hasSourceManager() && Info.getLocation().isValid()) {
      clang::PresumedLoc P = Info.getSourceManager().getPresumedLoc(Info.getLocation());
      if (P.isValid())
        Where = std::string(P.getFilename()) + ":" + std::to_string(P.getLine()) + ":" +
                std::to_string(P.getColumn()) + ": ";
    }
    if (Lenient)
      Into.push_back(Where + "note: analyzed although clang rejects this by default: " +
                     std::string(Msg) + " [-W" +
                     clang::DiagnosticIDs::getWarningOptionForDiag(Info.getID()).str() + "]");
    else
      Into.push_back(Where + "error: " + std::string(Msg));
  }
  std::vector<std::string> Messages, Accepted;
  unsigned HardErrors = 0, AcceptedCount = 0;
};

/// Stack for each TU's worker: deep enough for expressions nested tens of thousands
/// deep. Only the pages used are committed. INTERLOCK_CHECK_STACK_MB overrides it (the
/// tests use a small stack to see an overflow contained).
unsigned tuStackSize() {
  unsigned MB = 512;
  if (const char *Env = getenv("INTERLOCK_CHECK_STACK_MB"))
    if (unsigned N = std::strtoul(Env, nullptr, 10); N > 0 && N <= 4095)
      MB = N;
  return MB << 20;
}

/// An alternate signal stack for the calling thread, freed with this object (after the
/// thread has ended). A stack overflow raises SIGSEGV on a stack with no room left: the
/// handler can run only on a stack of its own.
class AltSignalStack {
public:
  void install() {
    Memory.resize(std::max<size_t>(SIGSTKSZ, 256 << 10));
    stack_t SS{};
    SS.ss_sp = Memory.data();
    SS.ss_size = Memory.size();
    sigaltstack(&SS, nullptr);
  }

private:
  std::vector<char> Memory;
};

/// CrashRecoveryContext installs its handlers without SA_ONSTACK; add it, so they use
/// the worker threads' alternate stacks.
void handleCrashesOnAltStack() {
  for (int Sig : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP}) {
    struct sigaction SA;
    if (sigaction(Sig, nullptr, &SA) == 0 && SA.sa_handler != SIG_DFL &&
        SA.sa_handler != SIG_IGN) {
      SA.sa_flags |= SA_ONSTACK;
      sigaction(Sig, &SA, nullptr);
    }
  }
}

std::string describeCrash(int RetCode) {
  if (RetCode > 128) {
    int Sig = RetCode - 128;
    if (Sig == SIGSEGV)
      return "signal SIGSEGV: a stack overflow or a bug in Interlock, please report";
    if (const char *Name = strsignal(Sig))
      return std::string("signal ") + Name + ", please report";
  }
  return "please report";
}

/// Warnings are not our business and cost time, but errors are: `-w` turns off every
/// warning (also those -Werror or -pedantic-errors would make errors) while keeping the
/// diagnostics that are errors by default, such as C's `-Wint-conversion` or C++'s
/// narrowing, which `-Wno-everything` silenced along with the warnings. The project's
/// own -Werror flags are removed, so its warnings never stop the analysis.
clang::tooling::ArgumentsAdjuster warningsOff() {
  return [](const clang::tooling::CommandLineArguments &Args, llvm::StringRef) {
    clang::tooling::CommandLineArguments Out;
    for (size_t I = 0; I < Args.size(); ++I) {
      llvm::StringRef A = Args[I];
      if (I > 0 && (A == "-Werror" || A.starts_with("-Werror=") || A == "-pedantic-errors" ||
                    A == "--pedantic-errors"))
        continue;
      Out.push_back(Args[I]);
      if (I == 0) { // right after the compiler's name, before any `--`
        Out.push_back("-w");
        // Errors are reported through ErrorCollector; no "N errors generated." of clang's.
        Out.push_back("-fno-caret-diagnostics");
      }
    }
    return Out;
  };
}

/// Why File is not analyzed (it is assembly, Fortran, ...), or "" for C and C++. The
/// language comes from the command's `-x` when it has one, else from the extension.
std::string notCOrCxx(const clang::tooling::CompilationDatabase &DB, llvm::StringRef File) {
  namespace types = clang::driver::types;
  types::ID T = types::TY_INVALID;
  for (const clang::tooling::CompileCommand &C : DB.getCompileCommands(File))
    for (size_t I = 0; I + 1 < C.CommandLine.size(); ++I)
      if (C.CommandLine[I] == "-x")
        T = types::lookupTypeForTypeSpecifier(C.CommandLine[I + 1].c_str());
  if (T == types::TY_INVALID) {
    llvm::StringRef Ext = llvm::sys::path::extension(File);
    if (Ext.empty())
      return ""; // no extension, no -x: let clang decide
    T = types::lookupTypeForExtension(Ext.drop_front());
  }
  if (T == types::TY_Asm || T == types::TY_PP_Asm)
    return "assembly";
  if (T == types::TY_INVALID)
    return "not C or C++";
  if (types::isCXX(T) || types::isObjC(T) || T == types::TY_C || T == types::TY_PP_C ||
      T == types::TY_CHeader || T == types::TY_PP_CHeader)
    return "";
  return std::string(types::getTypeName(T)) + ", not C or C++";
}

/// Interlock's changes to each recorded command, in one place: the summary cache keys
/// TUs by the commands as adjusted here, so a flag added anywhere else would be missed.
clang::tooling::ArgumentsAdjuster analysisAdjuster(const CheckRunOptions &Opts) {
  clang::tooling::ArgumentsAdjuster Adjust = clang::tooling::getInsertArgumentAdjuster(
      {"-resource-dir",
       Opts.ResourceDir.empty() ? INTERLOCK_CLANG_RESOURCE_DIR : Opts.ResourceDir},
      clang::tooling::ArgumentInsertPosition::BEGIN);
  if (!Opts.BuildDir.empty() && Opts.HaveExtraArgs)
    Adjust = clang::tooling::combineAdjusters(
        Adjust, clang::tooling::getInsertArgumentAdjuster(
                    Opts.ExtraArgs, clang::tooling::ArgumentInsertPosition::END));
  // clang-tidy's --extra-arg-before and --extra-arg: right after the compiler's name, and
  // at the end (before a `--` in the command).
  if (!Opts.ExtraArgsBefore.empty())
    Adjust = clang::tooling::combineAdjusters(
        Adjust, clang::tooling::getInsertArgumentAdjuster(
                    Opts.ExtraArgsBefore, clang::tooling::ArgumentInsertPosition::BEGIN));
  if (!Opts.ExtraArgsAfter.empty())
    Adjust = clang::tooling::combineAdjusters(
        Adjust, clang::tooling::getInsertArgumentAdjuster(
                    Opts.ExtraArgsAfter, clang::tooling::ArgumentInsertPosition::END));
  return clang::tooling::combineAdjusters(Adjust, warningsOff());
}

/// Summarizes File; with Deps, also records the files its compiler read.
TUResult analyzeTU(const clang::tooling::CompilationDatabase &DB, const std::string &File,
                   const CheckRunOptions &Opts, DependencyList *Deps = nullptr) {
  TUResult R;
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS(
      llvm::vfs::createPhysicalFileSystem().release());
  clang::tooling::ClangTool Tool(DB, {File},
                                 std::make_shared<clang::PCHContainerOperations>(), FS);
  Tool.appendArgumentsAdjuster(analysisAdjuster(Opts));
  ErrorCollector Diags;
  Tool.setDiagnosticConsumer(&Diags);
  Tool.setPrintErrorMessage(false);
  auto Factory = procedure::newSummaryActionFactory(&R.Summary);
  if (Deps)
    Factory = recordDependencies(std::move(Factory), Deps);
  llvm::CrashRecoveryContext CRC;
  int Status = 1;
  // Parsing and the analysis recurse over the AST (clang's parser and CFG builder, the
  // ParentMap): a 20,000-term `a && a && ...` needs more than the usual 8 MB of stack.
  // The TU runs on a thread with a large stack (only what is touched is committed) and,
  // should even that overflow, the crash handler runs on an alternate signal stack, so
  // the overflow is reported as this TU's failure instead of killing the run.
  AltSignalStack AltStack;
  bool Survived = CRC.RunSafelyOnThread(
      [&] {
        AltStack.install();
        Status = Tool.run(Factory.get());
      },
      tuStackSize());
  if (!Survived) {
    R.Errors.push_back(File + ": error: the analyzer crashed on this file (" +
                       describeCrash(CRC.RetCode) + "); it was not analyzed");
    return R;
  }
  R.Notes = Diags.Accepted;
  if (std::string Note = interpolationNote(DB, File); !Note.empty())
    R.Notes.insert(R.Notes.begin(), File + ": note: " + Note);
  if (Diags.AcceptedCount > Diags.Accepted.size())
    R.Notes.push_back(File + ": note: " +
                      std::to_string(Diags.AcceptedCount - Diags.Accepted.size()) +
                      " more such diagnostic(s)");
  bool OnlyAccepted = Status == 1 && Diags.HardErrors == 0 && Diags.AcceptedCount > 0;
  if ((Status != 0 && !OnlyAccepted) || Diags.HardErrors > 0) {
    R.Errors = Diags.Messages;
    if (Status == 2 && R.Errors.empty())
      R.Errors.push_back(File + ": error: no compile command for this file");
    if (R.Errors.empty())
      R.Errors.push_back(File + ": error: could not be parsed");
    return R;
  }
  R.Ok = true;
  return R;
}

/// File's summary from the cache when its commands and files are unchanged, else
/// analysed and stored there.
TUResult analyzeOrReuse(const clang::tooling::CompilationDatabase &DB,
                        const std::string &File, const CheckRunOptions &Opts,
                        SummaryCache &Cache) {
  std::vector<clang::tooling::CompileCommand> Commands = DB.getCompileCommands(File);
  clang::tooling::ArgumentsAdjuster Adjust = analysisAdjuster(Opts);
  for (clang::tooling::CompileCommand &C : Commands)
    C.CommandLine = Adjust(C.CommandLine, C.Filename);
  // The worker's stack decides whether a deep TU overflows (crash-isolation.test).
  std::string Key = Cache.keyFor(Commands, "stack=" + std::to_string(tuStackSize()));
  std::string Note;
  std::optional<CachedTU> Hit = Cache.lookup(Key, Note);
  TUResult R;
  if (Hit) {
    R.Summary = std::move(Hit->Summary);
    R.Notes = std::move(Hit->Notes);
    R.Ok = R.FromCache = true;
    return R;
  }
  DependencyList Deps;
  R = analyzeTU(DB, File, Opts, &Deps);
  // Only whole summaries are kept: a TU that failed is tried again next time.
  if (R.Ok && !Deps.empty())
    Cache.store(Key, Deps, CachedTU{R.Summary, R.Notes});
  if (!Note.empty())
    R.Notes.insert(R.Notes.begin(), "interlock check: note: " + Note);
  return R;
}

/// The cache this run reads and fills, or none (--no-cache, or a folder that cannot be
/// written: then the run goes on without it, and says so).
std::optional<SummaryCache> openCache(const CheckRunOptions &Opts, llvm::StringRef DatabaseDir,
                                      llvm::raw_ostream &Errs) {
  if (Opts.NoCache)
    return std::nullopt;
  std::string Dir =
      Opts.CacheDir.empty() ? SummaryCache::defaultDir(std::string(DatabaseDir)) : Opts.CacheDir;
  if (Dir.empty())
    return std::nullopt;
  llvm::Expected<SummaryCache> Cache = SummaryCache::open(Dir);
  if (!Cache) {
    Errs << "interlock check: note: no summary cache: " << llvm::toString(Cache.takeError())
         << "\n";
    return std::nullopt;
  }
  return std::move(*Cache);
}

/// --cache-stats: which TUs were analysed and which came from the cache.
void reportCacheUse(const CheckRunResult &R, llvm::StringRef Dir, llvm::raw_ostream &Errs) {
  for (const std::string &F : R.Analysed)
    Errs << "interlock check: cache: analysed " << F << '\n';
  for (const std::string &F : R.Reused)
    Errs << "interlock check: cache: reused " << F << '\n';
  Errs << "interlock check: cache: " << R.Analysed.size() << " analysed, " << R.Reused.size()
       << " reused" << (Dir.empty() ? llvm::StringRef(" (no cache)") : llvm::StringRef(""))
       << '\n';
}

/// The compile commands Opts asks for, saying on Errs (as Who) which database it is
/// unless -q.
llvm::Expected<LoadedDatabase> loadAndSay(const CheckRunOptions &Opts, llvm::StringRef Who,
                                          llvm::raw_ostream &Errs) {
  llvm::Expected<LoadedDatabase> Loaded =
      loadDatabase({Opts.BuildDir, Opts.Files, Opts.ExtraArgs, Opts.HaveExtraArgs});
  if (Loaded && !Loaded->Note.empty() && !Opts.Quiet)
    Errs << Who << ": " << Loaded->Note << '\n';
  return Loaded;
}

} // namespace

llvm::Expected<CheckRunResult> runCheck(const CheckRunOptions &Opts, llvm::raw_ostream &Errs) {
  llvm::Expected<LoadedDatabase> Loaded = loadAndSay(Opts, "interlock check", Errs);
  if (!Loaded)
    return Loaded.takeError();
  const clang::tooling::CompilationDatabase &DB = *Loaded->DB;
  std::vector<std::string> Files;
  if (Opts.Files.empty()) {
    Files = DB.getAllFiles();
    if (Files.empty())
      return error("the compilation database in '" + Opts.BuildDir + "' lists no files");
  } else {
    for (const std::string &F : Opts.Files) {
      llvm::SmallString<256> Abs(F);
      llvm::sys::fs::make_absolute(Abs);
      if (!llvm::sys::fs::exists(Abs))
        return error("no such file: '" + F + "'");
      Files.push_back(std::string(Abs));
    }
  }

  // Every TU's configuration is read before the work: a broken `.interlock` is an error
  // at once, and a --checks that enables nothing for them is one too.
  if (llvm::Error E = validateConfigs(Files, Opts.Overrides))
    return std::move(E);

  std::vector<std::string> Skipped;
  llvm::erase_if(Files, [&](const std::string &F) {
    std::string Why = notCOrCxx(DB, F);
    if (Why.empty())
      return false;
    Errs << F << ": note: skipped (" << Why << ")\n";
    Skipped.push_back(F);
    return true;
  });

  llvm::CrashRecoveryContext::Enable();
  handleCrashesOnAltStack();
  unsigned Jobs = Opts.Jobs ? Opts.Jobs : llvm::hardware_concurrency().compute_thread_count();
  Jobs = std::max<unsigned>(1u, std::min<size_t>(Jobs, Files.size()));
  std::vector<TUResult> Results(Files.size());
  std::optional<SummaryCache> Cache = openCache(Opts, Loaded->Dir, Errs);
  auto SummarizeStart = std::chrono::steady_clock::now();
  std::atomic<size_t> Next{0};
  std::atomic<size_t> Done{0};
  std::mutex Out;
  auto Worker = [&] {
    for (size_t I; (I = Next++) < Files.size();) {
      Results[I] = Cache ? analyzeOrReuse(DB, Files[I], Opts, *Cache)
                         : analyzeTU(DB, Files[I], Opts);
      size_t N = ++Done;
      std::lock_guard<std::mutex> Lock(Out);
      for (const std::string &E : Results[I].Errors)
        Errs << E << '\n';
      for (const std::string &E : Results[I].Notes)
        Errs << E << '\n';
      if (Opts.Progress)
        Errs << "[" << N << "/" << Files.size() << "] "
             << llvm::sys::path::filename(Files[I])
             << (Results[I].FromCache ? " (cached)" : "") << '\n';
    }
  };
  std::vector<std::thread> Pool;
  for (unsigned J = 1; J < Jobs; ++J)
    Pool.emplace_back(Worker);
  Worker();
  for (std::thread &T : Pool)
    T.join();
  double SummarizeSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - SummarizeStart).count();

  CheckRunResult CacheUse;
  for (size_t I = 0; I < Files.size(); ++I)
    (Results[I].FromCache ? CacheUse.Reused : CacheUse.Analysed).push_back(Files[I]);
  if (Opts.CacheStats)
    reportCacheUse(CacheUse, Cache ? Cache->dir() : "", Errs);
  LinkInput In;
  In.ProjectRoot = projectRoot(Opts.ProjectRoot, Loaded->Dir);
  In.MainFiles = Files;
  for (TUResult &R : Results) {
    if (!R.Ok) {
      In.Failures.push_back(
          {Files[&R - Results.data()],
           R.Errors.empty() ? "could not be analyzed" : R.Errors.front()});
      continue;
    }
    if (!Opts.SummaryDir.empty()) {
      llvm::SmallString<256> Path(Opts.SummaryDir);
      llvm::sys::path::append(Path, llvm::sys::path::filename(R.Summary.MainFile) + "." +
                                        std::to_string(&R - Results.data()) + ".json");
      std::error_code EC;
      llvm::raw_fd_ostream OS(Path, EC);
      if (!EC)
        OS << llvm::formatv("{0:2}", summary::toJSON(R.Summary)) << '\n';
    }
    In.Units.push_back(std::move(R.Summary));
  }
  llvm::Expected<CheckRunResult> Result = linkSummaries(std::move(In), Opts.Overrides, Errs);
  if (Result) {
    Result->Skipped = Skipped.size();
    Result->Analysed = std::move(CacheUse.Analysed);
    Result->Reused = std::move(CacheUse.Reused);
    Result->Times.Summarize = SummarizeSeconds;
  }
  return Result;
}

llvm::Expected<TUResult> summarizeFile(const CheckRunOptions &Opts, llvm::raw_ostream &Errs) {
  if (Opts.Files.size() != 1)
    return error("give exactly one source file to summarize");
  llvm::Expected<LoadedDatabase> Loaded = loadAndSay(Opts, "interlock summarize", Errs);
  if (!Loaded)
    return Loaded.takeError();
  llvm::SmallString<256> File(Opts.Files.front());
  llvm::sys::fs::make_absolute(File);
  if (!llvm::sys::fs::exists(File))
    return error("no such file: '" + Opts.Files.front() + "'");
  if (llvm::Error E = validateConfigs({std::string(File)}, Opts.Overrides))
    return std::move(E);
  if (std::string Why = notCOrCxx(*Loaded->DB, File); !Why.empty())
    return error("'" + File + "' is not analysed (" + Why + ")");
  llvm::CrashRecoveryContext::Enable();
  handleCrashesOnAltStack();
  TUResult R = analyzeTU(*Loaded->DB, std::string(File), Opts);
  for (const std::string &E : R.Errors)
    Errs << E << '\n';
  for (const std::string &N : R.Notes)
    Errs << N << '\n';
  return R;
}

} // namespace interlock::driver
