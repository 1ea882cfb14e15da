/* Error numbers of the Xen ABI (the same values as Linux's), from xen/errno.h. */
#ifndef XEN_CORE_ERRNO_H
#define XEN_CORE_ERRNO_H

#define XEN_ERRNO(name, value) name = value,
enum {
#include <xen/errno.h>
};

/* Xen's internal answer of a call stopped part way, to be continued (a
 * guest never sees it); xen/errno.h has it only for Xen itself. */
enum { ERESTART = 85 };

#endif
