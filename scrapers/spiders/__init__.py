"""Scrapy spiders of the gongkai project (one generic spider, `portal`)."""
