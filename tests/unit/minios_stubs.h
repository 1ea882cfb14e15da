/*
 * What MiniOS code run host-side expects of the kernel around it: the
 * boot information pointers and printk, which only counts messages (a
 * test checks that a refusal was logged, and logged once).
 * Include from one test file only: it defines them.
 */
#ifndef TESTS_UNIT_MINIOS_STUBS_H
#define TESTS_UNIT_MINIOS_STUBS_H

#include <minios/kernel.h>

start_info_t *start_info;
shared_info_t *shared_info;
static int messages;

void printk(const char *fmt, ...)
{
	(void)fmt;
	messages++;
}

#endif
