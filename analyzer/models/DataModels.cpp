#include "models/DataModels.h"
#include "models/LockModels.h"
#include "models/Names.h"
#include "models/ThreadModels.h"

using namespace clang;

namespace interlock::models {

bool isSynchronizationType(QualType T) {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType();
  while (const auto *AT = T->getAsArrayTypeUnsafe())
    T = AT->getElementType();
  if (T->isAtomicType())
    return true;
  if (isMutexType(T) || isThreadHandleType(T) || isGuardType(T))
    return true;
  return isStdType(T, {"atomic", "atomic_ref", "atomic_flag", "__atomic_base",
                       "condition_variable", "condition_variable_any", "once_flag",
                       "latch", "barrier", "counting_semaphore", "binary_semaphore",
                       "promise", "packaged_task", "stop_source", "stop_token"});
}

bool isStdContainer(const CXXRecordDecl *RD) {
  return isStdClass(RD, {"vector", "deque", "list", "forward_list", "queue", "stack",
                         "priority_queue", "map", "multimap", "set", "multiset",
                         "unordered_map", "unordered_multimap", "unordered_set",
                         "unordered_multiset", "basic_string", "array", "bitset"});
}

static std::optional<bool> writesByName(const CXXMethodDecl *MD) {
  const CXXRecordDecl *RD = MD->getParent();
  if (!isStdContainer(RD))
    return std::nullopt;
  if (MD->isConst())
    return false;
  bool Associative =
      isStdClass(RD, {"map", "unordered_map", "multimap", "unordered_multimap"});
  if (MD->getOverloadedOperator() == OO_Subscript)
    return Associative; // map::operator[] inserts; vector's does not change the container
  if (MD->getOverloadedOperator() == OO_Equal)
    return true;
  if (!MD->getIdentifier())
    return true;
  return !isOneOf(MD->getName(),
                  {"begin", "end", "rbegin", "rend", "cbegin", "cend", "front", "back",
                   "at", "data", "find", "count", "contains", "lower_bound", "upper_bound",
                   "equal_range", "size", "empty", "top", "capacity", "max_size",
                   "length", "c_str", "test"});
}

std::optional<bool> containerCallWrites(const CXXMemberCallExpr *C) {
  const CXXMethodDecl *MD = C->getMethodDecl();
  return MD ? writesByName(MD) : std::nullopt;
}

std::optional<bool> containerOperatorWrites(const CXXOperatorCallExpr *C) {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(C->getDirectCallee());
  return MD ? writesByName(MD) : std::nullopt;
}

bool isTransparentLibraryCall(const FunctionDecl *FD) {
  return isStdFunction(FD, {"move", "forward", "ref", "cref", "addressof", "as_const",
                            "get", "begin", "end", "size", "data", "min", "max",
                            "declval", "launder", "to_string"});
}

std::vector<PointeeEffect> libraryPointeeEffects(const FunctionDecl *FD) {
  if (isCFunction(FD, {"memset", "bzero", "explicit_bzero", "free", "cfree"}))
    return {{0, true}};
  if (isCFunction(FD, {"memcpy", "memmove", "strcpy", "strncpy", "strcat", "strncat",
                       "stpcpy", "stpncpy"}))
    return {{0, true}, {1, false}};
  if (isCFunction(FD, {"sprintf", "snprintf", "vsprintf", "vsnprintf"}))
    return {{0, true}};
  if (isCFunction(FD, {"read", "pread", "recv", "recvfrom"}))
    return {{1, true}};
  if (isCFunction(FD, {"fread"}))
    return {{0, true}};
  if (isCFunction(FD, {"fwrite"}))
    return {{0, false}};
  if (isCFunction(FD, {"write", "pwrite", "send"}))
    return {{1, false}};
  if (isCFunction(FD, {"memcmp", "strcmp", "strncmp"}))
    return {{0, false}, {1, false}};
  if (isCFunction(FD, {"strlen", "strdup", "strndup"}))
    return {{0, false}};
  return {};
}

} // namespace interlock::models
