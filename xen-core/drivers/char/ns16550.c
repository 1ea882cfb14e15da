/*
 * Polled driver for the PC's first 16550 UART (COM1).  Output waits for
 * the transmit holding register; input is read when the line status
 * register says a byte is ready.
 */
#include <xen-core/io.h>
#include <xen-core/serial.h>

#define COM1_BASE	0x3f8
#define UART_CLOCK_HZ	1843200

#define RBR	0	/* receive buffer */
#define THR	0	/* transmit holding */
#define DLL	0	/* divisor latch, low (DLAB=1) */
#define IER	1
#define DLM	1
#define FCR	2
#define LCR	3
#define MCR	4
#define LSR	5

#define LCR_DLAB	0x80
#define LSR_DR		0x01
#define LSR_THRE	0x20
#define MCR_DTR		0x01
#define MCR_RTS		0x02

static uint16_t uart_base = COM1_BASE;

static uint8_t line_control(const struct serial_options *o)
{
	uint8_t lcr = o->data_bits - 5;

	if (o->stop_bits == 2)
		lcr |= 0x04;
	if (o->parity == 'o')
		lcr |= 0x08;
	else if (o->parity == 'e')
		lcr |= 0x18;
	return lcr;
}

void serial_init(const struct serial_options *o)
{
	uint8_t lcr = line_control(o);

	if (o->io_base)
		uart_base = o->io_base;
	outb(uart_base + IER, 0);		/* polled: no interrupts */
	if (o->baud) {
		unsigned int divisor = UART_CLOCK_HZ / (16 * o->baud);

		outb(uart_base + LCR, LCR_DLAB);
		outb(uart_base + DLL, divisor & 0xff);
		outb(uart_base + DLM, divisor >> 8);
	}
	outb(uart_base + LCR, lcr);
	outb(uart_base + FCR, 0x07);		/* enable and clear FIFOs */
	outb(uart_base + MCR, MCR_DTR | MCR_RTS);
}

void serial_putc(char c)
{
	while (!(inb(uart_base + LSR) & LSR_THRE))
		cpu_relax();
	outb(uart_base + THR, c);
}

int serial_getc(void)
{
	if (!(inb(uart_base + LSR) & LSR_DR))
		return -1;
	return inb(uart_base + RBR);
}
