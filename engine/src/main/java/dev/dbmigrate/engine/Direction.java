package dev.dbmigrate.engine;

public enum Direction {
  UP,
  DOWN
}
