"""Party and product forms with inline validation messages."""
