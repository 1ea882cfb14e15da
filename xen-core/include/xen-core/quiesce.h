/*
 * Running a function while every CPU is at a quiet point: about to enter
 * a guest or idle, with no hypercall half done on it, so no temporary
 * reference or lock is held anywhere (the page audit needs that).
 */
#ifndef XEN_CORE_QUIESCE_H
#define XEN_CORE_QUIESCE_H

/* From any context; a request while one is pending is dropped. */
void quiesce_request(void (*fn)(void));

/* Called with interrupts off on every way into a guest or idle. */
void quiesce_point(void);

#endif
