"""Printed copies of pages (上墙、桌牌、宣传彩页) and their verification.

``pages`` finds the page a print URL names, ``stamp`` makes the edition stamp and
its QR code, ``render`` the print HTML, ``pdf`` the A4 poster from that same
HTML, ``verify`` what a scanned code says; ``views`` only ties them together.
"""
