System.Console.WriteLine("standalone");
