//===- DataFlows.h - Where data pointer values go -------------------------===//
//
// The procedure half of the points-to analysis (docs/check.md, "Points-to"): every
// initializer, assignment, argument and return that moves a pointer to data is a flow
// between value nodes, and every allocation, address of a global and result of a
// function without a body is an object. The link step solves them (program/PointsTo.h),
// so `it->refcount` after `it = item_get(key)` names the heap object `item_get` found.
//
// Nodes: `l:<function USR>#<key>` a local pointer variable (key as PathBuilder::key),
// `p:<USR>#i` a parameter, `r:<USR>` a return value, `m:<path>` the pointer stored in a
// global (`m:G:head`; every element of a global array is one node) or in a field of
// any object (`m:.conn::next`: field-based). Objects are `o:<path>`: `o:G:table` (a
// global), `o:H:<function>@<line>:<col>` (an allocation site), `o:T:<record>` (any
// object of that type: a pointer returned by a function the program does not define).
//
// A source may carry a transformation after `|`: `|.S::f` takes the address of field f
// of each object (`&c->lock`), `|-.S::f` goes back from that field to its container
// (`container_of(p, S, f)`), `|?<USR>` applies only when USR has no definition.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_PROCEDURE_DATAFLOWS_H
#define INTERLOCK_PROCEDURE_DATAFLOWS_H

#include "procedure/Paths.h"
#include "summary/Summary.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"

#include <set>
#include <string>
#include <vector>

namespace interlock::procedure {

/// The flows in a function's body. `Unlinked` are the pointer lvalues the function
/// reassigns (Recorder's AssignedPointers): an element taken out of them stays the
/// taker's own, so no flow leaves them.
void collectDataFlows(clang::ASTContext &Ctx, const clang::FunctionDecl *FD,
                      const PathBuilder &Paths, const std::set<summary::Path> &Unlinked,
                      std::vector<summary::FunctionFlow> &Out);

/// The flows of a global's initializer (`struct node *head = &sentinel;`).
void collectGlobalDataFlows(clang::ASTContext &Ctx, const clang::VarDecl *VD,
                            std::vector<summary::FunctionFlow> &Out);

} // namespace interlock::procedure

#endif
