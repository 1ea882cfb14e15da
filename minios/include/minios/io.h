/*
 * Port I/O.  In a PV kernel every in/out traps to the hypervisor, which
 * runs or emulates it under the virtual IOPL that io_init() asks for.
 */
#ifndef MINIOS_IO_H
#define MINIOS_IO_H

#include <stdint.h>
#include <lib/port_io.h>

/* Ask for the virtual IOPL a PV kernel needs for in/out (dom0 only). */
void io_init(void);

#endif
