# Build settings for MiniOS and for applications linked with it.
# Include with MINIOS_DIR (this directory) and MINIOS_O (MiniOS's output
# directory) set.

NEWLIB_TARGET := x86_64-xen-elf
NEWLIB_PREFIX := $(MINIOS_O)/newlib/install/$(NEWLIB_TARGET)
NEWLIB_STAMP := $(MINIOS_O)/newlib/.installed

# Code generation for a 64-bit PV kernel: Xen bounces exceptions and
# events onto our stack (no red zone), linked at a fixed low address.
MINIOS_ARCH_CFLAGS := -m64 -mno-red-zone -fno-stack-protector \
	-fno-pic -fno-pie -mcmodel=small -fno-asynchronous-unwind-tables \
	-fcf-protection=none

# Xen's public headers come from libxen-dev; -nostdinc hides the host's
# /usr/include, so $(MINIOS_O)/xen-include/xen links to them alone.
# Same ABI choices for the whole image (see the Xen interface version
# note in docs/minios.md).
MINIOS_CPPFLAGS := -nostdinc -isystem $(NEWLIB_PREFIX)/include \
	-isystem $(shell $(CC) -print-file-name=include) \
	-I$(MINIOS_DIR)/include -I$(MINIOS_O)/xen-include \
	-D__XEN_INTERFACE_VERSION__=0x00040e00 -D_POSIX_MONOTONIC_CLOCK=200112L

MINIOS_CFLAGS := -O2 -g -std=gnu11 -Wall -Wextra -Wno-unused-parameter \
	$(MINIOS_ARCH_CFLAGS) $(MINIOS_CPPFLAGS)

MINIOS_LIBS := $(MINIOS_O)/libminios.a $(NEWLIB_PREFIX)/lib/libc.a \
	$(NEWLIB_PREFIX)/lib/libm.a $(shell $(CC) -print-libgcc-file-name)

# Link an application: $(call minios_link,output,objects)
minios_link = $(CC) -nostdlib -static -no-pie -Wl,-T,$(MINIOS_DIR)/minios.lds \
	-Wl,-z,max-page-size=0x1000 -Wl,-z,noexecstack -Wl,--build-id=none -o $(1) $(2) \
	-Wl,--start-group $(MINIOS_LIBS) -Wl,--end-group
