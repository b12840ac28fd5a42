"""KEK-Bot: answers citizens' questions about the KEK 2030 of Landkreis Ludwigslust-Parchim."""

__version__ = "0.1.0"
