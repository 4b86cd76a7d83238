"""Rendering results: tables, JSON, CSV and the workbook, each from result objects only."""
